package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/store"
)

// Options configure a Runner. Store, Pipeline and Fetcher are required.
type Options struct {
	Store    *store.Store
	Pipeline *ingest.Pipeline
	Fetcher  *ingest.Fetcher
	Metrics  *Metrics     // unregistered series when nil
	Logger   *slog.Logger // discarded when nil
	// Holder names this scheduler in leases; host name, process id and a
	// random part when empty, so that two processes never share one.
	Holder string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// LeaseTTL is how long a lease lasts unless renewed; it is renewed
	// every third of it while the run goes on. 2 minutes when zero.
	LeaseTTL time.Duration
	// ArticleTimeout bounds the writing of one article, and of the end of a
	// run; 2 minutes when zero.
	ArticleTimeout time.Duration
}

// A Runner runs one job for one tick: it takes the job's lease for the
// tick, records the run, reads the job's source, ingests what changed and
// records how it ended. It is safe for concurrent use.
type Runner struct {
	st      *store.Store
	p       *ingest.Pipeline
	fetch   *ingest.Fetcher
	metrics *Metrics
	log     *slog.Logger
	holder  string
	now     func() time.Time
	ttl     time.Duration
	article time.Duration

	mu      sync.Mutex
	running map[string]bool // jobs running in this process
}

// NewRunner returns a runner with the options o.
func NewRunner(o Options) *Runner {
	if o.Metrics == nil {
		o.Metrics = NewMetrics(nil)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Holder == "" {
		o.Holder = NewHolder()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.LeaseTTL <= 0 {
		o.LeaseTTL = 2 * time.Minute
	}
	if o.ArticleTimeout <= 0 {
		o.ArticleTimeout = 2 * time.Minute
	}
	return &Runner{st: o.Store, p: o.Pipeline, fetch: o.Fetcher, metrics: o.Metrics, log: o.Logger.With("component", "schedule"),
		holder: o.Holder, now: o.Now, ttl: o.LeaseTTL, article: o.ArticleTimeout, running: map[string]bool{}}
}

// NewHolder returns a name for a scheduler process: host, pid, random.
func NewHolder() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), randomHex(4))
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Why a tick was not run.
const (
	SkipOverlap = "overlap" // the job's previous run is still going on here
	SkipLease   = "lease"   // another scheduler holds the job or took this tick
)

// A Result says what became of one job at one tick.
type Result struct {
	Job     string
	Tick    time.Time
	Skipped string    // SkipOverlap, SkipLease, or "" when it ran
	Run     store.Run // the run as recorded, when it ran
	Err     error     // why the run failed, or could not start
}

// Run runs job j for the tick: once across every scheduler on the same
// Neo4j. When ctx ends, the article being written is finished, the run is
// recorded as failed ("stopped") and Run returns.
func (r *Runner) Run(ctx context.Context, j Job, tick time.Time) Result {
	res := Result{Job: j.Name, Tick: tick.UTC()}
	log := r.log.With("job", j.Name, "tick", res.Tick.Format(time.RFC3339))
	r.metrics.initJob(j.Name)
	if !r.enter(j.Name) {
		log.Warn("tick skipped: the previous run of the job is still running")
		r.metrics.Skipped.WithLabelValues(j.Name, SkipOverlap).Inc()
		res.Skipped = SkipOverlap
		return res
	}
	defer r.leave(j.Name)

	now := r.now()
	lease, ours, err := r.st.AcquireLease(ctx, j.Name, r.holder, tick, now, now.Add(r.ttl))
	if err != nil {
		log.Error("run not started", "err", err)
		r.metrics.Runs.WithLabelValues(j.Name, store.RunFailed).Inc()
		res.Err = err
		return res
	}
	if !ours {
		log.Info("tick skipped: another scheduler has the job", "holder", lease.Holder, "lease_tick", lease.Tick, "until", lease.Until)
		r.metrics.Skipped.WithLabelValues(j.Name, SkipLease).Inc()
		res.Skipped = SkipLease
		return res
	}
	defer func() {
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.article)
		defer cancel()
		if err := r.st.ReleaseLease(wctx, j.Name, r.holder, r.now()); err != nil {
			log.Warn("lease not released; it expires by itself", "err", err)
		}
	}()

	run := store.Run{ID: fmt.Sprintf("%s-%s-%s", j.Name, res.Tick.Format("20060102T150405Z"), randomHex(4)), Job: j.Name, Started: r.now().UTC(), Status: store.RunRunning}
	log = log.With("run", run.ID)
	// Holding the lease, we know that no other run of this job is alive: a
	// run still "running" lost its scheduler or Neo4j before recording its
	// end, and is recorded as failed now.
	if n, err := r.st.AbandonRuns(ctx, j.Name, run.ID, run.Started, "abandoned: its scheduler stopped or lost Neo4j before recording the end of the run"); err != nil {
		log.Warn("abandoned runs not closed", "err", err)
	} else if n > 0 {
		log.Warn("earlier runs left running are recorded as failed", "runs", n)
	}
	if err := r.st.StartRun(ctx, run); err != nil {
		log.Error("run not started", "err", err)
		r.metrics.Runs.WithLabelValues(j.Name, store.RunFailed).Inc()
		res.Err = err
		return res
	}
	log.Info("run started", "source", j.Source.Type)

	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stopRenew := r.renew(rctx, j.Name, cancel, log)
	run, res.Err = r.ingest(rctx, ctx, j, run, log)
	stopRenew()

	// The end is written even when ctx ended: the shutdown waits for it.
	// When Neo4j is gone it cannot be, and the run stays "running" until the
	// next run of the job, holding the lease, records it as failed.
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), r.article)
	if err := r.st.FinishRun(wctx, run); err != nil {
		log.Error("end of run not recorded; the next run of the job records it as failed", "err", err)
	}
	wcancel()
	r.metrics.Runs.WithLabelValues(j.Name, run.Status).Inc()
	r.metrics.Fetched.WithLabelValues(j.Name).Add(float64(run.Fetched))
	r.metrics.Ingested.WithLabelValues(j.Name).Add(float64(run.New + run.Updated))
	r.metrics.Unchanged.WithLabelValues(j.Name).Add(float64(run.Unchanged))
	r.metrics.Failed.WithLabelValues(j.Name).Add(float64(run.Failed))
	if run.Status != store.RunFailed {
		r.metrics.LastSuccess.WithLabelValues(j.Name).Set(float64(run.Finished.Unix()))
	}
	attrs := []any{"status", run.Status, "fetched", run.Fetched, "new", run.New, "unchanged", run.Unchanged, "updated", run.Updated, "failed", run.Failed}
	if run.Status == store.RunFailed {
		log.Error("run failed", append(attrs, "err", run.Error)...)
	} else {
		log.Info("run finished", attrs...)
	}
	res.Run = run
	return res
}

// ingest reads the job's source and ingests its items, returning the run
// with its counts and status. rctx ends with the run (shutdown, lost
// lease); parent is the scheduler's context, to tell a shutdown apart.
func (r *Runner) ingest(rctx, parent context.Context, j Job, run store.Run, log *slog.Logger) (store.Run, error) {
	tctx, cancel := context.WithTimeoutCause(rctx, j.Timeout, fmt.Errorf("timed out after %s", j.Timeout))
	defer cancel()
	fail := func(err error) (store.Run, error) {
		run.Status, run.Error, run.Finished = store.RunFailed, err.Error(), r.now().UTC()
		return run, err
	}
	batch, err := r.source(j).List(tctx)
	if err != nil {
		if cause := context.Cause(tctx); cause != nil {
			err = fmt.Errorf("%w (%w)", cause, err)
		}
		return fail(fmt.Errorf("list %s source: %w", j.Source.Type, err))
	}
	sum, err := r.p.IngestItems(tctx, batch.Items, ingest.BatchOptions{
		Job: j.Name, Concurrency: j.Concurrency, ArticleTimeout: r.article,
		RecordFailure: func(ctx context.Context, o ingest.Outcome) error {
			return r.st.RecordRunFailure(ctx, run.ID, j.Name, o.Source, o.Err, r.now())
		},
	})
	run.Fetched, run.New, run.Unchanged, run.Updated, run.Failed = sum.Fetched, sum.New, sum.Unchanged, sum.Updated, sum.Failed
	switch {
	case err != nil && parent.Err() != nil:
		return fail(errors.New("stopped: the scheduler is shutting down"))
	case err != nil && context.Cause(tctx) != nil && !errors.Is(err, store.ErrUnavailable):
		return fail(context.Cause(tctx))
	case err != nil:
		return fail(err)
	}
	if sum.Failed == 0 && batch.Done != nil {
		if err := batch.Done(context.WithoutCancel(tctx)); err != nil {
			log.Warn("source state not remembered; it is read again next time", "err", err)
		}
	}
	run.Finished = r.now().UTC()
	total := sum.New + sum.Unchanged + sum.Updated + sum.Failed
	switch {
	case sum.Failed == 0:
		run.Status = store.RunOK
	case sum.Failed == total:
		run.Status = store.RunFailed
		run.Error = fmt.Sprintf("all %d items failed; the first: %s", total, firstFailure(sum))
	default:
		run.Status = store.RunPartial
	}
	return run, nil
}

func firstFailure(s ingest.Summary) string {
	for _, o := range s.Outcomes {
		if o.Err != "" {
			return o.Err
		}
	}
	return ""
}

// renew keeps the lease of job while the run goes on and cancels the run
// if another scheduler took it. The returned stop ends the renewal and
// waits for it.
func (r *Runner) renew(ctx context.Context, job string, cancel context.CancelCauseFunc, log *slog.Logger) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(r.ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			ours, err := r.st.RenewLease(ctx, job, r.holder, r.now().Add(r.ttl))
			switch {
			case err != nil:
				log.Warn("lease not renewed", "err", err) // tried again at the next tick
			case !ours:
				log.Error("lease lost to another scheduler: stopping the run")
				cancel(errors.New("stopped: another scheduler took the lease of the job"))
				return
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

func (r *Runner) enter(job string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running[job] {
		return false
	}
	r.running[job] = true
	return true
}

func (r *Runner) leave(job string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.running, job)
}

// source builds the source that job j reads.
func (r *Runner) source(j Job) ingest.Source {
	web := ingest.Web{Fetcher: r.fetch, Memory: r.st}
	defaults := ingest.Document{Lang: j.Lang, Outlet: j.Outlet}
	switch j.Source.Type {
	case "feed":
		return ingest.FeedSource{Web: web, URL: j.Source.URL, Defaults: defaults, MaxItems: j.MaxItems, MaxBytes: j.MaxBytes}
	case "folder":
		return ingest.FolderSource{Path: j.Source.Path, Job: j.Name, Memory: r.st, Defaults: defaults, MaxItems: j.MaxItems, MaxBytes: j.MaxBytes}
	case "page":
		return ingest.URLSource{Web: web, URLs: []string{j.Source.URL}, Defaults: defaults, MaxItems: j.MaxItems, MaxBytes: j.MaxBytes}
	default: // "urls": Parse admits no other type
		return ingest.URLSource{Web: web, URLs: j.Source.URLs, Defaults: defaults, MaxItems: j.MaxItems, MaxBytes: j.MaxBytes}
	}
}
