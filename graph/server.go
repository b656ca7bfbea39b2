package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/diplograph/diplograph/graph/generated"
	"github.com/diplograph/diplograph/graph/read"
	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/store"
)

// Options configure the API server. Zero values take the documented
// defaults.
type Options struct {
	Store   *store.Store     // required
	Lexicon *lexicon.Lexicon // required unless Pipeline is given
	// Pipeline runs ingestArticle; nil builds one from Store and Lexicon.
	Pipeline *ingest.Pipeline
	Logger   *slog.Logger // nil discards
	// Registry receives the API's metrics and is served at /metrics; nil
	// makes a private one.
	Registry *prometheus.Registry

	// APIKey is what mutations require: one key or several separated by
	// commas. Empty refuses every mutation.
	APIKey string
	// RateLimit is ingestArticle calls per second per key (default 2).
	RateLimit float64
	// Introspection allows __schema and __type queries.
	Introspection bool
	// CORSOrigins are the origins browsers may call from; "*" allows any.
	CORSOrigins []string

	QueryTimeout    time.Duration // per request, passed on to Neo4j (default 10s)
	MaxQueryBytes   int64         // request body limit (default 256 KiB)
	MaxArticleBytes int64         // ingestArticle text limit (default 2 MiB)
	MaxDepth        int           // selection depth limit (default 12)
	MaxComplexity   int           // complexity limit (default 5000)
	MaxTokens       int           // parser token limit (default 10000)
	LoaderWait      time.Duration // batching window of loaders (default 2ms)
	// MaxConcurrent is how many GraphQL requests execute at once; others
	// wait their turn, first come first served, until their timeout
	// (default 2×GOMAXPROCS).
	MaxConcurrent int
}

func (o *Options) defaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Registry == nil {
		o.Registry = prometheus.NewRegistry()
	}
	if o.QueryTimeout <= 0 {
		o.QueryTimeout = 10 * time.Second
	}
	if o.MaxQueryBytes <= 0 {
		o.MaxQueryBytes = 256 << 10
	}
	if o.MaxArticleBytes <= 0 {
		o.MaxArticleBytes = 2 << 20
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 12
	}
	if o.MaxComplexity <= 0 {
		o.MaxComplexity = 5000
	}
	if o.MaxTokens <= 0 {
		o.MaxTokens = 10000
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = 2 * runtime.GOMAXPROCS(0)
	}
}

// NewServer returns the HTTP handler of the API: /graphql, GraphiQL at /,
// /healthz, /readyz and /metrics.
func NewServer(o Options) (http.Handler, error) {
	o.defaults()
	if o.Store == nil {
		return nil, errors.New("graph: Options.Store is required")
	}
	if o.Pipeline == nil {
		if o.Lexicon == nil {
			return nil, errors.New("graph: Options.Lexicon or Options.Pipeline is required")
		}
		o.Pipeline = ingest.NewPipeline(o.Store, o.Lexicon, o.Logger)
	}
	log := o.Logger.With("component", "graphql")
	m, err := newMetrics(o.Registry)
	if err != nil {
		return nil, err
	}
	rd := read.New(o.Store, o.LoaderWait)
	guard := newGuard(o.APIKey, o.RateLimit)
	res := &Resolver{read: rd, pipeline: o.Pipeline, log: log, guard: guard, maxArticle: o.MaxArticleBytes}

	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: res, Complexity: complexity()}))
	srv.AddTransport(transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(o.MaxTokens)
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(depthLimit{max: o.MaxDepth})
	srv.Use(extension.FixedComplexityLimit(o.MaxComplexity))
	srv.SetErrorPresenter(presenter(log, m))
	srv.SetRecoverFunc(recoverer(log))
	srv.AroundRootFields(m.rootField)

	api := chain(srv,
		withRequestID,
		withTimeout(o.QueryTimeout),
		withBodyLimit(o.MaxQueryBytes, o.MaxArticleBytes+64<<10, guard),
		withAPIKey,
		withTurns(o.MaxConcurrent, m),
		withLoaders(rd),
	)
	mux := http.NewServeMux()
	mux.Handle("/graphql", cors(o.CORSOrigins, api))
	mux.Handle("GET /{$}", playground.Handler("diplograph", "/graphql"))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := o.Store.Ping(r.Context()); err != nil {
			log.Warn("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "neo4j unavailable")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.Registry, promhttp.HandlerOpts{Registry: o.Registry}))
	return mux, nil
}

// SplitOrigins parses a comma-separated list of CORS origins.
func SplitOrigins(s string) []string {
	var out []string
	for o := range strings.SplitSeq(s, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, strings.TrimSuffix(o, "/"))
		}
	}
	return out
}

// ld returns the loaders of the request (installed by withLoaders), or
// fresh ones outside a request.
func (r *Resolver) ld(ctx context.Context) *read.Loaders {
	if l := read.LoadersFrom(ctx); l != nil {
		return l
	}
	return r.read.Loaders()
}

// rootFieldName names the top-level field an error or timing belongs to;
// it is bounded by the schema, so safe as a metric label.
func rootFieldName(ctx context.Context) string {
	if rf := graphql.GetRootFieldContext(ctx); rf != nil && rf.Field.Field != nil {
		return rf.Field.Name
	}
	return ""
}
