package schedule

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the Prometheus series of scheduled ingestion, per job.
type Metrics struct {
	Fetched     *prometheus.CounterVec
	Ingested    *prometheus.CounterVec // new and updated articles
	Unchanged   *prometheus.CounterVec
	Failed      *prometheus.CounterVec
	Runs        *prometheus.CounterVec // by status
	Skipped     *prometheus.CounterVec // ticks not run, by reason: overlap, lease
	LastSuccess *prometheus.GaugeVec
}

// NewMetrics creates the series and registers them with reg; a nil reg
// leaves them unregistered (tests).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "diplograph", Subsystem: "ingest", Name: name, Help: help}, labels)
	}
	m := &Metrics{
		Fetched:   counter("fetched_total", "Inputs read or downloaded (unchanged files and 304 answers are not).", "job"),
		Ingested:  counter("ingested_total", "Articles written to the graph, new or updated.", "job"),
		Unchanged: counter("unchanged_total", "Inputs found unchanged and skipped.", "job"),
		Failed:    counter("failed_total", "Inputs that failed, each recorded as an IngestFailure.", "job"),
		Runs:      counter("runs_total", "Runs by final status: ok, partial or failed.", "job", "status"),
		Skipped:   counter("skipped_runs_total", "Ticks not run: overlap (the previous run of the job was still running here) or lease (another scheduler has the tick).", "job", "reason"),
		LastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "diplograph", Subsystem: "ingest", Name: "last_success_timestamp_seconds",
			Help: "When the last run of the job that went through (ok or partial) ended, in Unix seconds."}, []string{"job"}),
	}
	if reg != nil {
		reg.MustRegister(m.Fetched, m.Ingested, m.Unchanged, m.Failed, m.Runs, m.Skipped, m.LastSuccess)
	}
	return m
}

// initJob makes every job's series exist from the start, at zero, so that a
// job that never succeeded shows up in queries and alerts.
func (m *Metrics) initJob(job string) {
	m.Fetched.WithLabelValues(job)
	m.Ingested.WithLabelValues(job)
	m.Unchanged.WithLabelValues(job)
	m.Failed.WithLabelValues(job)
	m.LastSuccess.WithLabelValues(job)
}
