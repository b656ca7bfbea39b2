package graph

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestTurns(t *testing.T) {
	m, err := newMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	entered, release := make(chan string, 3), make(chan struct{})
	h := withTurns(1, m)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- r.URL.Path
		<-release
		w.WriteHeader(http.StatusNoContent)
	}))
	serve := func(ctx context.Context, path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequestWithContext(ctx, http.MethodPost, path, nil))
		return w
	}

	first := make(chan *httptest.ResponseRecorder)
	go func() { first <- serve(context.Background(), "/first") }()
	if p := <-entered; p != "/first" {
		t.Fatalf("entered %s, want /first", p)
	}

	// The only turn is taken: a request whose deadline passes in line is
	// refused without running.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	busy := serve(ctx, "/late")
	if busy.Code != http.StatusServiceUnavailable || !strings.Contains(busy.Body.String(), "SERVER_BUSY") || busy.Header().Get("Retry-After") == "" {
		t.Errorf("waited past its deadline: %d %q, want 503 SERVER_BUSY with Retry-After", busy.Code, busy.Body.String())
	}
	if got := testutil.ToFloat64(m.errors.WithLabelValues("", "SERVER_BUSY")); got != 1 {
		t.Errorf("SERVER_BUSY errors counted %v, want 1", got)
	}

	// A patient request runs once the turn is free.
	second := make(chan *httptest.ResponseRecorder)
	go func() { second <- serve(context.Background(), "/second") }()
	for testutil.ToFloat64(m.waiting) != 1 {
		time.Sleep(time.Millisecond)
	}
	select {
	case p := <-entered:
		t.Fatalf("%s ran while /first held the only turn", p)
	default:
	}
	release <- struct{}{}
	if w := <-first; w.Code != http.StatusNoContent {
		t.Errorf("/first answered %d", w.Code)
	}
	if p := <-entered; p != "/second" {
		t.Fatalf("entered %s, want /second", p)
	}
	release <- struct{}{}
	if w := <-second; w.Code != http.StatusNoContent {
		t.Errorf("/second answered %d", w.Code)
	}
	if got := testutil.ToFloat64(m.waiting); got != 0 {
		t.Errorf("waiting gauge %v after all ran, want 0", got)
	}
}
