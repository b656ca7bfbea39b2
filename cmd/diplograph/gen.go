package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/diplograph/diplograph/bench"
	"github.com/diplograph/diplograph/lexicon"
)

// runGen writes a generated graph of the given size, for benchmarks.
func runGen(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var c config
	var opt bench.Options
	fs := newFlagSet("gen", "--articles N [--seed S] [--batch B] [--writers W]", stderr)
	c.neo4jFlags(fs)
	fs.IntVar(&opt.Articles, "articles", 10_000, "articles to generate")
	fs.Uint64Var(&opt.Seed, "seed", 1, "random seed: the same seed gives the same graph")
	fs.IntVar(&opt.Batch, "batch", 200, "articles written per transaction")
	fs.IntVar(&opt.Writers, "writers", 2, "transactions run at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("gen takes no arguments, got %q", fs.Args())
	}
	log := newLogger(stderr, c.LogLevel)
	lx, err := lexicon.Default()
	if err != nil {
		return fmt.Errorf("load lexicon: %w", err)
	}
	st, err := openStore(ctx, &c, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	if _, err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	last := time.Now()
	opt.Progress = func(done int) {
		if time.Since(last) > 10*time.Second || done == opt.Articles {
			last = time.Now()
			fmt.Fprintf(stderr, "gen: %d/%d articles\n", done, opt.Articles)
		}
	}
	s, err := bench.Generate(ctx, st, lx, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gen: %s\n", s)
	return nil
}
