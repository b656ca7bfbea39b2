// Package store reads and writes the diplograph graph in Neo4j. Every
// statement is parameterised; labels and relationship types are constants
// of this package, never input.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/diplograph/diplograph/schema"
)

// Options configure a connection.
type Options struct {
	URI      string
	User     string
	Password string
	Database string // "neo4j" when empty
	Logger   *slog.Logger
	// MaxPoolSize caps Bolt connections; 0 keeps the driver's default.
	MaxPoolSize int
}

// Store is a connection to the graph. It is safe for concurrent use.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
	log    *slog.Logger
	uri    string
	// queries counts statements sent, for tests that check round trips.
	queries *counter
}

// ErrUnavailable is returned when Neo4j cannot be reached.
var ErrUnavailable = errors.New("neo4j unavailable")

// Open connects to Neo4j and checks that it answers.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Database == "" {
		o.Database = "neo4j"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	driver, err := neo4j.NewDriverWithContext(o.URI, neo4j.BasicAuth(o.User, o.Password, ""), func(c *config.Config) {
		if o.MaxPoolSize > 0 {
			c.MaxConnectionPoolSize = o.MaxPoolSize
		}
		c.ConnectionAcquisitionTimeout = 30 * time.Second
		c.SocketConnectTimeout = 5 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j at %s: %w", o.URI, err)
	}
	s := &Store{driver: driver, db: o.Database, log: o.Logger.With("component", "store"), uri: o.URI, queries: &counter{}}
	if err := s.Ping(ctx); err != nil {
		driver.Close(ctx)
		return nil, err
	}
	return s, nil
}

// Ping checks that Neo4j answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("%w: cannot reach Neo4j at %s: %s", ErrUnavailable, s.uri, shortErr(err))
	}
	return nil
}

// shortErr keeps the first line of a driver error: enough to act on, no
// stack of wrapped connection attempts.
func shortErr(err error) string {
	msg := err.Error()
	for i, r := range msg {
		if r == '\n' {
			return msg[:i]
		}
	}
	return msg
}

// Close releases the connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Driver returns the underlying driver, for schema migrations and tests.
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// Database is the name of the database used.
func (s *Store) Database() string { return s.db }

// Migrate applies the schema.
func (s *Store) Migrate(ctx context.Context) (schema.Result, error) {
	return schema.Apply(ctx, s.driver, s.db)
}

// Queries returns how many statements were sent so far.
func (s *Store) Queries() int64 { return s.queries.load() }

// Read runs a read query with read routing on the configured database, as
// an auto-commit transaction: one round trip where a managed transaction
// takes three (BEGIN, RUN and PULL, COMMIT), which measurably lowers
// Neo4j's CPU per statement for the API's many small reads. A statement
// that fails with a retryable error (a lost connection, a leader switch)
// is sent once more.
func (s *Store) Read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	defer s.logged(ctx, cypher, time.Now())()
	recs, err := s.autoRead(ctx, cypher, params)
	if err != nil && neo4j.IsRetryable(err) && ctx.Err() == nil {
		recs, err = s.autoRead(ctx, cypher, params)
	}
	return recs, err
}

func (s *Store) autoRead(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, cypher, params, txTimeout(ctx)...)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// txTimeout passes the request's time limit on to Neo4j, so that it stops
// too.
func txTimeout(ctx context.Context) []func(*neo4j.TransactionConfig) {
	if dl, ok := ctx.Deadline(); ok {
		return []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(max(time.Until(dl), time.Millisecond))}
	}
	return nil
}

// logged counts a statement and returns what logs it with its time at
// debug level.
func (s *Store) logged(ctx context.Context, cypher string, start time.Time) func() {
	s.queries.add()
	return func() {
		// the statement is flattened only when it will be logged: it runs
		// for every read, and debug is usually off
		if s.log.Enabled(ctx, slog.LevelDebug) {
			s.log.LogAttrs(ctx, slog.LevelDebug, "cypher", slog.String("query", oneLine(cypher)), slog.Duration("took", time.Since(start)))
		}
	}
}

// Write runs one write statement in its own transaction.
func (s *Store) Write(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return s.query(ctx, cypher, params, neo4j.ExecuteQueryWithWritersRouting())
}

func (s *Store) query(ctx context.Context, cypher string, params map[string]any, route neo4j.ExecuteQueryConfigurationOption) ([]*neo4j.Record, error) {
	defer s.logged(ctx, cypher, time.Now())()
	res, err := neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
		route, neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithTransactionConfig(txTimeout(ctx)...))
	if err != nil {
		return nil, err
	}
	return res.Records, nil
}

func oneLine(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' || c == '\t' || c == ' ' {
			if !space {
				b = append(b, ' ')
			}
			space = true
			continue
		}
		space = false
		b = append(b, c)
	}
	return string(b)
}
