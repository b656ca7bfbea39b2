package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
)

// metrics of the API, labelled by top-level field: the operations a
// client can run, a set the schema bounds.
type metrics struct {
	duration *prometheus.HistogramVec
	errors   *prometheus.CounterVec
	waiting  prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "diplograph", Subsystem: "graphql", Name: "field_duration_seconds",
			Help:    "Time to resolve a top-level field with everything below it.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"field"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "diplograph", Subsystem: "graphql", Name: "errors_total",
			Help: "GraphQL errors returned, by top-level field (empty before execution) and code.",
		}, []string{"field", "code"}),
		waiting: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "diplograph", Subsystem: "graphql", Name: "waiting_requests",
			Help: "Requests waiting for their turn to execute (see MaxConcurrent).",
		}),
	}
	for _, c := range []prometheus.Collector{m.duration, m.errors, m.waiting} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *metrics) rootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	start := time.Now()
	res := next(ctx)
	m.duration.WithLabelValues(rootFieldName(ctx)).Observe(time.Since(start).Seconds())
	return res
}
