package graph

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"math"
	"strings"
	"sync"

	"golang.org/x/time/rate"
)

// publicError is an error whose message the client may see, with a code
// in its extensions.
type publicError struct {
	msg  string
	code string
}

func (e *publicError) Error() string { return e.msg }

// mutationGuard admits mutations: a configured API key must be presented,
// and each key may call at most rate mutations per second (with a burst of
// as many).
type mutationGuard struct {
	keys  [][32]byte // hashes, compared in constant time
	limit rate.Limit
	burst int

	mu       sync.Mutex
	limiters map[[32]byte]*rate.Limiter // per valid key only, so bounded
}

// newGuard takes comma-separated keys; none disables mutations.
func newGuard(keys string, perSecond float64) *mutationGuard {
	if perSecond <= 0 {
		perSecond = 2
	}
	g := &mutationGuard{limit: rate.Limit(perSecond), burst: max(1, int(math.Ceil(perSecond))), limiters: map[[32]byte]*rate.Limiter{}}
	for k := range strings.SplitSeq(keys, ",") {
		if k = strings.TrimSpace(k); k != "" {
			g.keys = append(g.keys, sha256.Sum256([]byte(k)))
		}
	}
	return g
}

// valid reports whether key is one of the configured keys.
func (g *mutationGuard) valid(key string) bool {
	if key == "" {
		return false
	}
	h := sha256.Sum256([]byte(key))
	ok := 0
	for _, k := range g.keys {
		ok |= subtle.ConstantTimeCompare(h[:], k[:])
	}
	return ok == 1
}

// authenticate checks that the request presented a configured key.
func (g *mutationGuard) authenticate(ctx context.Context) error {
	if len(g.keys) == 0 {
		return &publicError{"mutations are disabled: the server has no API key configured (DIPLOGRAPH_API_KEY)", "FORBIDDEN"}
	}
	key := apiKey(ctx)
	if key == "" {
		return &publicError{"an API key is required: send Authorization: Bearer <key> or X-API-Key: <key>", "UNAUTHENTICATED"}
	}
	if !g.valid(key) {
		return &publicError{"invalid API key", "UNAUTHENTICATED"}
	}
	return nil
}

// take spends one mutation of the key's allowance; call it once the
// request is authenticated and its input checked, so that only work the
// server would really do is counted.
func (g *mutationGuard) take(ctx context.Context) error {
	h := sha256.Sum256([]byte(apiKey(ctx)))
	g.mu.Lock()
	lim, ok := g.limiters[h]
	if !ok {
		lim = rate.NewLimiter(g.limit, g.burst)
		g.limiters[h] = lim
	}
	g.mu.Unlock()
	if !lim.Allow() {
		return &publicError{fmt.Sprintf("rate limit exceeded: at most %g mutations per second per API key", float64(g.limit)), "RATE_LIMITED"}
	}
	return nil
}
