package graph

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/diplograph/diplograph/graph/read"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	apiKeyKey
)

func chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// withRequestID gives each request an id, returned in X-Request-Id and
// quoted in internal errors so that a report can be matched to the log.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// withTimeout bounds a request; store.Read passes the deadline on to
// Neo4j as the transaction timeout.
func withTimeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// withBodyLimit refuses request bodies over limit bytes with 413, before
// anything parses them. Requests with a valid API key may send up to
// keyed bytes, enough for an article to ingest.
func withBodyLimit(limit, keyed int64, g *mutationGuard) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			max := limit
			if g.valid(keyFromHeaders(r)) {
				max = keyed
			}
			if int64(len(r.URL.RawQuery)) > max {
				tooLarge(w, max)
				return
			}
			if r.Body != nil && r.Body != http.NoBody {
				if r.ContentLength > max {
					tooLarge(w, max)
					return
				}
				body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					tooLarge(w, max)
					return
				}
				if err != nil {
					writeError(w, http.StatusBadRequest, "could not read the request body", "BAD_REQUEST")
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// withTurns lets n requests execute at once and queues the rest, first
// come first served. An answer is mostly CPU (gqlgen marshals field by
// field) between short Neo4j statements, waiting for Neo4j up to about half
// its time: a few requests per core keep the cores busy, and more in flight
// only time-slice them, so every answer takes longer, the slowest much
// longer, and all their heaps at once make the collector run more often. A
// request whose deadline passes while it waits gets 503 and never runs.
func withTurns(n int, m *metrics) func(http.Handler) http.Handler {
	turns := make(chan struct{}, n)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case turns <- struct{}{}:
			default:
				m.waiting.Inc()
				select {
				case turns <- struct{}{}:
					m.waiting.Dec()
				case <-r.Context().Done():
					m.waiting.Dec()
					m.errors.WithLabelValues("", "SERVER_BUSY").Inc()
					w.Header().Set("Retry-After", "1")
					writeError(w, http.StatusServiceUnavailable,
						fmt.Sprintf("server busy: %d requests executing and this one waited until its deadline", n), "SERVER_BUSY")
					return
				}
			}
			defer func() { <-turns }()
			next.ServeHTTP(w, r)
		})
	}
}

func tooLarge(w http.ResponseWriter, max int64) {
	writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request larger than %d bytes", max), "REQUEST_TOO_LARGE")
}

// writeError answers with a GraphQL-shaped error body.
func writeError(w http.ResponseWriter, status int, msg, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
}

func keyFromHeaders(r *http.Request) string {
	if k := strings.TrimSpace(r.Header.Get("X-API-Key")); k != "" {
		return k
	}
	if a := r.Header.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}

// withAPIKey puts the key the client presented into the context; the
// mutation resolvers check it.
func withAPIKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), apiKeyKey, keyFromHeaders(r))))
	})
}

func apiKey(ctx context.Context) string {
	k, _ := ctx.Value(apiKeyKey).(string)
	return k
}

// withLoaders installs fresh batched loaders for each request, so that
// nothing is cached across requests.
func withLoaders(rd *read.Reader) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(read.WithLoaders(r.Context(), rd.Loaders())))
		})
	}
}

// cors lets browsers on the allowed origins call the API and answers their
// preflight requests.
func cors(origins []string, next http.Handler) http.Handler {
	any := slices.Contains(origins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		allowed := origin != "" && (any || slices.Contains(origins, origin))
		if allowed {
			h := w.Header()
			if any {
				h.Set("Access-Control-Allow-Origin", "*")
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
				h.Add("Vary", "Origin")
			}
			h.Set("Access-Control-Expose-Headers", "X-Request-Id")
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			if allowed {
				h := w.Header()
				h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, X-API-Key, Apollo-Require-Preflight")
				h.Set("Access-Control-Max-Age", "600")
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}
