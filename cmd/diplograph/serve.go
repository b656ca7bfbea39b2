package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/ingest"
)

// runServe serves the GraphQL API until ctx is cancelled (SIGINT or
// SIGTERM), then lets requests in flight finish.
func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("serve", "[flags]", stderr)
	c.neo4jFlags(fs)
	c.serveFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	log := newLogger(stderr, c.LogLevel)
	tuneGC()
	lx, st, err := prepare(ctx, &c, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	h, err := graph.NewServer(graph.Options{
		Store: st, Lexicon: lx, Pipeline: ingest.NewPipeline(st, lx, log), Logger: log, Registry: reg,
		APIKey: c.APIKey, RateLimit: c.RateLimit, Introspection: c.Introspection, CORSOrigins: graph.SplitOrigins(c.CORSOrigins),
		QueryTimeout: c.QueryTimeout, MaxQueryBytes: c.MaxQueryBytes, MaxArticleBytes: c.MaxArticle,
		MaxConcurrent: c.MaxConcurrent,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		// a slow client must not hold a connection longer than a request may run
		ReadTimeout:    c.QueryTimeout + 30*time.Second,
		WriteTimeout:   c.QueryTimeout + 30*time.Second,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
	}
	url := "http://" + ln.Addr().String()
	log.Info("serving GraphQL", "graphql", url+"/graphql", "graphiql", url+"/", "mutations", c.APIKey != "", "introspection", c.Introspection)
	fmt.Fprintf(stdout, "GraphQL API at %s/graphql (GraphiQL at %s/)\n", url, url)

	if c.DebugAddr != "" {
		if err := serveDebug(ctx, c.DebugAddr, log); err != nil {
			return err
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.QueryTimeout+5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveDebug serves the runtime profiles of net/http/pprof on their own
// listener, so that they are never reachable through the API's address.
func serveDebug(ctx context.Context, addr string, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s (debug): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("debug listener stopped", "err", err)
		}
	}()
	log.Info("serving profiles", "pprof", "http://"+ln.Addr().String()+"/debug/pprof/")
	return nil
}

// tuneGC trades memory for CPU: answers allocate a lot that lives for one
// request, and with Go's default (GOGC=100) a busy server spends a quarter
// of its CPU collecting it. Collecting at 5× the live heap, bounded by a
// soft limit of 100 MiB, measured 20–50% more requests per second on the
// benchmark queries at a peak RSS near 110 MB. GOGC and GOMEMLIMIT, when
// set, are left as they are.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(100 << 20)
	}
}
