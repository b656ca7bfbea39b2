package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/store"
)

// openStore connects to Neo4j with the settings of c.
func openStore(ctx context.Context, c *config, log *slog.Logger) (*store.Store, error) {
	return store.Open(ctx, store.Options{URI: c.Neo4jURI, User: c.Neo4jUser, Password: c.Neo4jPassword, Database: c.Neo4jDatabase, Logger: log})
}

// prepare loads the lexicon, connects to Neo4j and brings its schema up to
// date: what every command that writes or serves the graph needs first.
func prepare(ctx context.Context, c *config, log *slog.Logger) (*lexicon.Lexicon, *store.Store, error) {
	lx, err := lexicon.Default()
	if err != nil {
		return nil, nil, fmt.Errorf("load lexicon: %w", err)
	}
	st, err := openStore(ctx, c, log)
	if err != nil {
		return nil, nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close(context.WithoutCancel(ctx))
		return nil, nil, fmt.Errorf("migrate schema: %w", err)
	}
	return lx, st, nil
}

func runMigrate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("migrate", "[flags]", stderr)
	c.neo4jFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := newLogger(stderr, c.LogLevel)
	st, err := openStore(ctx, &c, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	res, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema: %d statements, %d constraints or indexes created\n", res.Statements, res.Added)
	return nil
}
