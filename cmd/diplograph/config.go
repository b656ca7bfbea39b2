package main

import (
	"flag"
	"os"
	"strconv"
	"time"
)

// config is every setting of diplograph. Each has a default, an environment
// variable and a flag; a flag beats the environment, which beats the default.
type config struct {
	Neo4jURI      string
	Neo4jUser     string
	Neo4jPassword string
	Neo4jDatabase string
	LogLevel      string
	MaxArticle    int64 // bytes

	Addr          string
	APIKey        string
	Introspection bool
	CORSOrigins   string
	QueryTimeout  time.Duration
	MaxQueryBytes int64
	MaxConcurrent int
	RateLimit     float64 // ingestArticle requests per second per key
	DebugAddr     string  // pprof listener; empty: none
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func envInt(key string, def int64) int64 {
	if n, err := strconv.ParseInt(env(key, ""), 10, 64); err == nil {
		return n
	}
	return def
}

func envBool(key string, def bool) bool {
	if b, err := strconv.ParseBool(env(key, "")); err == nil {
		return b
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(key, "")); err == nil {
		return d
	}
	return def
}

// neo4jFlags registers the settings every command that talks to Neo4j needs.
func (c *config) neo4jFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Neo4jURI, "neo4j-uri", env("NEO4J_URI", "bolt://127.0.0.1:7687"), "Neo4j URI (env NEO4J_URI)")
	fs.StringVar(&c.Neo4jUser, "neo4j-user", env("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&c.Neo4jPassword, "neo4j-password", env("NEO4J_PASSWORD", "diplograph"), "Neo4j password (env NEO4J_PASSWORD)")
	fs.StringVar(&c.Neo4jDatabase, "neo4j-database", env("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
	fs.StringVar(&c.LogLevel, "log-level", env("DIPLOGRAPH_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env DIPLOGRAPH_LOG_LEVEL)")
	fs.Int64Var(&c.MaxArticle, "max-article-bytes", envInt("DIPLOGRAPH_MAX_ARTICLE_BYTES", 2<<20), "largest article accepted, in bytes (env DIPLOGRAPH_MAX_ARTICLE_BYTES)")
}

// serveFlags registers the settings of the HTTP server.
func (c *config) serveFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("DIPLOGRAPH_ADDR", "127.0.0.1:8080"), "listen address (env DIPLOGRAPH_ADDR)")
	fs.StringVar(&c.APIKey, "api-key", env("DIPLOGRAPH_API_KEY", ""), "API key required by mutations; empty disables them (env DIPLOGRAPH_API_KEY)")
	fs.BoolVar(&c.Introspection, "introspection", envBool("DIPLOGRAPH_INTROSPECTION", true), "allow GraphQL introspection (env DIPLOGRAPH_INTROSPECTION)")
	fs.StringVar(&c.CORSOrigins, "cors-origins", env("DIPLOGRAPH_CORS_ORIGINS", "*"), "comma-separated origins allowed by CORS (env DIPLOGRAPH_CORS_ORIGINS)")
	fs.DurationVar(&c.QueryTimeout, "query-timeout", envDuration("DIPLOGRAPH_QUERY_TIMEOUT", 10*time.Second), "time limit of a request, passed to Neo4j (env DIPLOGRAPH_QUERY_TIMEOUT)")
	fs.Int64Var(&c.MaxQueryBytes, "max-request-bytes", envInt("DIPLOGRAPH_MAX_REQUEST_BYTES", 256<<10), "largest GraphQL request body (env DIPLOGRAPH_MAX_REQUEST_BYTES)")
	fs.IntVar(&c.MaxConcurrent, "max-concurrent", int(envInt("DIPLOGRAPH_MAX_CONCURRENT", 0)), "GraphQL requests executing at once, the rest wait in line; 0 for 2×GOMAXPROCS (env DIPLOGRAPH_MAX_CONCURRENT)")
	fs.Float64Var(&c.RateLimit, "ingest-rate", 2, "ingestArticle mutations per second allowed per API key")
	fs.StringVar(&c.DebugAddr, "debug-addr", env("DIPLOGRAPH_DEBUG_ADDR", ""), "address of a pprof listener (/debug/pprof/); empty for none; keep it private (env DIPLOGRAPH_DEBUG_ADDR)")
}
