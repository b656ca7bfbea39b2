package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/diplograph/diplograph/store"
)

// openStore connects to Neo4j with the settings of c.
func openStore(ctx context.Context, c *config, log *slog.Logger) (*store.Store, error) {
	return store.Open(ctx, store.Options{URI: c.Neo4jURI, User: c.Neo4jUser, Password: c.Neo4jPassword, Database: c.Neo4jDatabase, Logger: log})
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
