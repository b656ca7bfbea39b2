// Command diplograph builds and serves a knowledge graph of diplomatic
// relations from news articles.
//
//	diplograph serve       GraphQL API over Neo4j
//	diplograph ingest      read articles into Neo4j
//	diplograph extract     print what an article says, without Neo4j
//	diplograph migrate     create constraints and indexes
//	diplograph schedule    run ingestion jobs on a schedule
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// errFailed reports that a command ran but something in it failed; the
// details were already printed.
var errFailed = errors.New("some inputs failed")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

var commands = []command{
	{"serve", "serve the GraphQL API (migrates the schema first)", runServe},
	{"ingest", "read articles (files, folders, globs, URLs, -) into Neo4j", runIngest},
	{"extract", "print the events an article reports, without Neo4j", runExtract},
	{"migrate", "create the Neo4j constraints and indexes (idempotent)", runMigrate},
	{"schedule", "run the ingestion jobs of a YAML file on their schedules", runSchedule},
	{"gen", "generate a large graph for benchmarks (--articles N --seed S)", runGen},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errFailed):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "diplograph:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return flag.ErrHelp
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: diplograph <command> [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'diplograph <command> --help' for the flags of a command.")
}

// newFlagSet returns a flag set that prints its usage with a summary line.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: diplograph %s %s\n\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
