package schedule

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// A Scheduler fires each job on its schedule.
//
// cron.Cron would run the jobs, but it reads the wall clock itself and does
// not tell a job which tick fired it; the lease needs the scheduled time to
// make two schedulers agree on a tick. So each job has a loop that asks its
// cron.Schedule for the next tick and waits for it on the injected clock.
type Scheduler struct {
	runner *Runner
	jobs   []Job
	log    *slog.Logger
	now    func() time.Time
	after  func(time.Duration) <-chan time.Time
}

// SchedulerOptions configure a Scheduler; nil fields take the real clock.
type SchedulerOptions struct {
	Logger *slog.Logger
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
}

// NewScheduler returns a scheduler of jobs, each run by r.
func NewScheduler(r *Runner, jobs []Job, o SchedulerOptions) *Scheduler {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
	for _, j := range jobs {
		r.metrics.initJob(j.Name)
	}
	return &Scheduler{runner: r, jobs: jobs, log: o.Logger.With("component", "schedule"), now: o.Now, after: o.After}
}

// Run fires the jobs until ctx ends, then waits for the runs in progress,
// which finish the article they are writing and record their end.
func (s *Scheduler) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, j := range s.jobs {
		wg.Go(func() { s.loop(ctx, j) })
	}
	wg.Wait()
	return nil
}

// loop runs job j at each of its ticks. A run longer than the interval
// between ticks makes the ticks that fell during it be skipped, counted
// and logged (the next run reads whatever they would have read).
func (s *Scheduler) loop(ctx context.Context, j Job) {
	log := s.log.With("job", j.Name)
	next := j.Schedule.Next(s.now())
	log.Info("job scheduled", "schedule", j.Spec, "next", next)
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.after(next.Sub(s.now())):
		}
		tick := next
		s.runner.Run(ctx, j, tick)
		if ctx.Err() != nil {
			return
		}
		now := s.now()
		next = j.Schedule.Next(tick)
		missed := 0
		for !next.After(now) && missed < 10000 {
			missed++
			next = j.Schedule.Next(next)
		}
		if missed > 0 {
			log.Warn("ticks skipped: the run outlasted them", "ticks", missed, "next", next)
			s.runner.metrics.Skipped.WithLabelValues(j.Name, SkipOverlap).Add(float64(missed))
		}
	}
}

// RunOnce runs every job once for tick, all at the same time (a slow
// source does not hold up the others), and returns what became of each,
// in the order of the jobs.
func (s *Scheduler) RunOnce(ctx context.Context, tick time.Time) []Result {
	out := make([]Result, len(s.jobs))
	var wg sync.WaitGroup
	for i, j := range s.jobs {
		wg.Go(func() { out[i] = s.runner.Run(ctx, j, tick) })
	}
	wg.Wait()
	return out
}
