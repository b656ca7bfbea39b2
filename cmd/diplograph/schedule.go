package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/errgroup"

	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/schedule"
	"github.com/diplograph/diplograph/store"
)

func runSchedule(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("schedule", "--config FILE [flags]", stderr)
	c.neo4jFlags(fs)
	path := fs.String("config", env("DIPLOGRAPH_JOBS", ""), "jobs file, YAML (env DIPLOGRAPH_JOBS); see deploy/jobs.example.yaml")
	once := fs.Bool("once", false, "run each job once, now, and exit (status 1 if a run did not succeed)")
	addr := fs.String("metrics-addr", env("DIPLOGRAPH_SCHEDULER_ADDR", "127.0.0.1:9090"), "address of /metrics and /healthz (env DIPLOGRAPH_SCHEDULER_ADDR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("schedule needs --config FILE and no arguments")
	}
	cfg, err := schedule.Load(*path)
	if err != nil {
		var ce schedule.ConfigErrors
		if errors.As(err, &ce) {
			return fmt.Errorf("%d problems in the jobs file:\n%w", len(ce), err)
		}
		return err
	}
	log := newLogger(stderr, c.LogLevel)
	lx, st, err := prepare(ctx, &c, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	runner := schedule.NewRunner(schedule.Options{
		Store:    st,
		Pipeline: ingest.NewPipeline(st, lx, log),
		Fetcher:  ingest.NewFetcher(ingest.FetchOptions{}, log),
		Metrics:  schedule.NewMetrics(reg),
		Logger:   log,
	})
	sched := schedule.NewScheduler(runner, cfg.Jobs, schedule.SchedulerOptions{Logger: log})

	if *once {
		failed := 0
		for _, r := range sched.RunOnce(ctx, time.Now().UTC().Truncate(time.Second)) {
			switch {
			case r.Skipped != "":
				fmt.Fprintf(stdout, "%s: skipped (%s)\n", r.Job, r.Skipped)
			case r.Run.ID == "":
				failed++
				fmt.Fprintf(stdout, "%s: not run: %v\n", r.Job, r.Err)
			default:
				if r.Run.Status != store.RunOK {
					failed++
				}
				fmt.Fprintf(stdout, "%s: %s: %d fetched, %d new, %d unchanged, %d updated, %d failed%s\n", r.Job, r.Run.Status,
					r.Run.Fetched, r.Run.New, r.Run.Unchanged, r.Run.Updated, r.Run.Failed, suffix(r.Run.Error))
			}
		}
		if failed > 0 {
			return errFailed
		}
		return nil
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("metrics address: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := st.Ping(ctx); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Info("scheduler started", "jobs", len(cfg.Jobs), "metrics", "http://"+ln.Addr().String()+"/metrics")

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("metrics server: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	})
	g.Go(func() error {
		// On SIGINT/SIGTERM the runs in progress finish their article and
		// record their end before Run returns.
		return sched.Run(gctx)
	})
	err = g.Wait()
	log.Info("scheduler stopped")
	return err
}

func suffix(msg string) string {
	if msg == "" {
		return ""
	}
	return " (" + msg + ")"
}
