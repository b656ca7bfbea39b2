package ingest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/diplograph/diplograph/ingest"
)

// noSleep records the delays asked for instead of waiting.
type noSleep struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (n *noSleep) sleep(_ context.Context, d time.Duration) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.delays = append(n.delays, d)
	return nil
}

func TestFetchRetries(t *testing.T) {
	tests := []struct {
		name       string
		statuses   []int // answered in turn; the last one repeats
		retries    int
		wantErr    int // status of the HTTPError expected, 0 for success
		wantTries  int
		wantDelays []time.Duration
	}{
		{"5xx-then-success", []int{500, 503, 200}, 3, 0, 3, []time.Duration{50 * time.Millisecond, 100 * time.Millisecond}},
		{"404-not-retried", []int{404}, 3, 404, 1, nil},
		{"429-not-retried", []int{429}, 3, 429, 1, nil},
		{"gives-up-after-retries", []int{502}, 2, 502, 3, []time.Duration{50 * time.Millisecond, 100 * time.Millisecond}},
		{"delay-capped", []int{500, 500, 500, 500, 200}, 4, 0, 5, []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 150 * time.Millisecond, 150 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(calls.Add(1)) - 1
				st := tt.statuses[min(i, len(tt.statuses)-1)]
				w.WriteHeader(st)
				w.Write([]byte("body"))
			}))
			defer srv.Close()
			ns := &noSleep{}
			f := ingest.NewFetcher(ingest.FetchOptions{Retries: tt.retries, Backoff: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond,
				Sleep: ns.sleep, Jitter: func() float64 { return 0 }}, nil)
			resp, err := f.Get(context.Background(), srv.URL, ingest.Validators{}, 0)
			var he *ingest.HTTPError
			switch {
			case tt.wantErr == 0 && err != nil:
				t.Fatalf("error %v, want success", err)
			case tt.wantErr != 0 && (!errors.As(err, &he) || he.Status != tt.wantErr):
				t.Fatalf("error %v, want HTTP %d", err, tt.wantErr)
			case tt.wantErr == 0 && resp.Attempts != tt.wantTries:
				t.Errorf("%d attempts reported, want %d", resp.Attempts, tt.wantTries)
			}
			if n := int(calls.Load()); n != tt.wantTries {
				t.Errorf("%d requests, want %d", n, tt.wantTries)
			}
			if len(ns.delays) != len(tt.wantDelays) {
				t.Fatalf("delays %v, want %v", ns.delays, tt.wantDelays)
			}
			for i := range ns.delays {
				if ns.delays[i] != tt.wantDelays[i] {
					t.Errorf("delays %v, want %v", ns.delays, tt.wantDelays)
				}
			}
		})
	}
}

func TestFetchJitterSpreadsDelays(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
	defer srv.Close()
	ns := &noSleep{}
	f := ingest.NewFetcher(ingest.FetchOptions{Retries: 1, Backoff: 100 * time.Millisecond, Sleep: ns.sleep, Jitter: func() float64 { return 0.999 }}, nil)
	f.Get(context.Background(), srv.URL, ingest.Validators{}, 0)
	if len(ns.delays) != 1 || ns.delays[0] < 99*time.Millisecond || ns.delays[0] > 100*time.Millisecond {
		t.Errorf("delays %v, want just under 100ms (half fixed, half jitter)", ns.delays)
	}
}

func TestFetchNetworkErrorRetried(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			// drop the connection without an answer
			c, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				c.Close()
			}
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	ns := &noSleep{}
	f := ingest.NewFetcher(ingest.FetchOptions{Sleep: ns.sleep}, nil)
	resp, err := f.Get(context.Background(), srv.URL, ingest.Validators{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "ok" || resp.Attempts != 2 {
		t.Errorf("body %q after %d attempts, want ok after 2", resp.Body, resp.Attempts)
	}
}

func TestFetchManners(t *testing.T) {
	var ua atomic.Value
	var inFlight, most atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		switch r.URL.Path {
		case "/big":
			w.Write(make([]byte, 2048))
		case "/cond":
			if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Mon, 02 Jan 2006 15:04:05 GMT" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Write([]byte("fresh"))
		default:
			time.Sleep(20 * time.Millisecond)
			w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	f := ingest.NewFetcher(ingest.FetchOptions{MaxBytes: 1024, PerHost: 1, Sleep: (&noSleep{}).sleep}, nil)

	t.Run("user-agent-names-diplograph", func(t *testing.T) {
		if _, err := f.Get(ctx, srv.URL+"/ua", ingest.Validators{}, 0); err != nil {
			t.Fatal(err)
		}
		if got := ua.Load(); got != ingest.UserAgent {
			t.Errorf("User-Agent %q, want %q", got, ingest.UserAgent)
		}
	})
	t.Run("size-limit", func(t *testing.T) {
		_, err := f.Get(ctx, srv.URL+"/big", ingest.Validators{}, 0)
		if !errors.Is(err, ingest.ErrTooLarge) {
			t.Errorf("error %v, want ErrTooLarge", err)
		}
		if _, err := f.Get(ctx, srv.URL+"/big", ingest.Validators{}, 4096); err != nil {
			t.Errorf("with a larger limit for the request: %v", err)
		}
	})
	t.Run("conditional-request", func(t *testing.T) {
		resp, err := f.Get(ctx, srv.URL+"/cond", ingest.Validators{}, 0)
		if err != nil || resp.NotModified || resp.Validators.ETag != `"v1"` {
			t.Fatalf("first: %+v, %v; want a body with ETag \"v1\"", resp, err)
		}
		for _, v := range []ingest.Validators{{ETag: `"v1"`}, {LastModified: "Mon, 02 Jan 2006 15:04:05 GMT"}} {
			resp, err = f.Get(ctx, srv.URL+"/cond", v, 0)
			if err != nil || !resp.NotModified {
				t.Errorf("with %+v: %+v, %v; want not modified", v, resp, err)
			}
		}
	})
	t.Run("one-request-per-host-at-a-time", func(t *testing.T) {
		most.Store(0)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { f.Get(ctx, srv.URL+"/slow", ingest.Validators{}, 0) })
		}
		wg.Wait()
		if m := most.Load(); m != 1 {
			t.Errorf("%d requests in flight at once, want 1", m)
		}
	})
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"fragment-dropped", "https://example.org/a/b#comments", "https://example.org/a/b"},
		{"utm-dropped", "https://example.org/a?utm_source=rss&utm_medium=feed&id=7", "https://example.org/a?id=7"},
		{"click-ids-dropped", "https://example.org/a?fbclid=x&gclid=y", "https://example.org/a"},
		{"host-lower-default-port", "HTTPS://Example.ORG:443/News", "https://example.org/News"},
		{"other-port-kept", "http://example.org:8080/x", "http://example.org:8080/x"},
		{"params-sorted", "https://example.org/?b=2&a=1", "https://example.org/?a=1&b=2"},
		{"empty-path", "https://example.org", "https://example.org/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ingest.CanonicalURL(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"ftp://example.org/x", "/relative", "mailto:a@b"} {
		if _, err := ingest.CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q) accepted", bad)
		}
	}
}
