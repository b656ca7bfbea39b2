package read

import (
	"slices"
	"sync"
	"time"
)

// refTTL is how long a country or person read from Neo4j is served from
// memory. Nearly every answer names countries and people (an event's
// parties, its participants, a country's partners) and there are only a few
// thousand of them, written from the lexicon and seldom changed, so reading
// them once a minute rather than once per answer takes most of the work of
// a typical query off Neo4j. A change reaches answers within refTTL.
const refTTL = time.Minute

// maxRefs bounds each cache; past it the cache starts again empty.
const maxRefs = 100_000

// refs is a read-through cache of decoded nodes of one label by key,
// shared by all requests. Values are never modified once decoded.
type refs[T any] struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.RWMutex
	m   map[string]refEntry[T]
}

type refEntry[T any] struct {
	v  T
	at time.Time
}

func newRefs[T any](ttl time.Duration) *refs[T] {
	return &refs[T]{ttl: ttl, now: time.Now, m: map[string]refEntry[T]{}}
}

// get returns the fresh values of keys and the keys that must be read.
func (c *refs[T]) get(keys []string) (map[string]T, []string) {
	found := make(map[string]T, len(keys))
	var missing []string
	now := c.now()
	c.mu.RLock()
	for _, k := range keys {
		if e, ok := c.m[k]; ok && now.Sub(e.at) < c.ttl {
			found[k] = e.v
		} else if !slices.Contains(missing, k) {
			missing = append(missing, k)
		}
	}
	c.mu.RUnlock()
	return found, missing
}

// fresh returns the values of keys in their order if every one is cached
// and fresh: the common case, answered without building a map (an
// answer asks for the countries of each of its events).
func (c *refs[T]) fresh(keys []string) ([]T, bool) {
	out := make([]T, len(keys))
	now := c.now()
	c.mu.RLock()
	defer c.mu.RUnlock()
	for i, k := range keys {
		e, ok := c.m[k]
		if !ok || now.Sub(e.at) >= c.ttl {
			return nil, false
		}
		out[i] = e.v
	}
	return out, true
}

func (c *refs[T]) put(k string, v T) {
	now := c.now()
	c.mu.Lock()
	if len(c.m) >= maxRefs {
		c.m = map[string]refEntry[T]{}
	}
	c.m[k] = refEntry[T]{v: v, at: now}
	c.mu.Unlock()
}
