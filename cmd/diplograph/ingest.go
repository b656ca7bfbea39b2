package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/lexicon"
)

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("ingest", "[flags] FILE|DIR|GLOB|URL|- ...", stderr)
	c.neo4jFlags(fs)
	lang := fs.String("lang", "auto", "language of the articles: auto, ar or en")
	published := fs.String("published", "", "publication date YYYY-MM-DD of articles that do not give one")
	outlet := fs.String("outlet", "", "outlet (news agency) of the articles")
	report := fs.String("report", "", "write a JSON report of every article to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("ingest needs at least one input")
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
		return err
	}
	docs := func(yield func(ingest.Document, error) bool) {
		for doc, err := range ingest.Files(fs.Args(), stdin, c.MaxArticle) {
			if doc.Lang == "" && *lang != "auto" {
				doc.Lang = *lang
			}
			if doc.Published == "" {
				doc.Published = *published
			}
			if doc.Outlet == "" {
				doc.Outlet = *outlet
			}
			if !yield(doc, err) {
				return
			}
		}
	}
	p := ingest.NewPipeline(st, lx, log)
	sum, err := p.IngestAll(ctx, docs, func(o ingest.Outcome) {
		if o.Err != "" {
			fmt.Fprintf(stderr, "FAIL %s: %s\n", o.Source, o.Err)
		}
	})
	fmt.Fprintf(stdout, "ingested: %s\n", sum)
	if *report != "" {
		b, jerr := json.MarshalIndent(sum, "", "  ")
		if jerr == nil {
			jerr = os.WriteFile(*report, b, 0o644)
		}
		if jerr != nil {
			return fmt.Errorf("write report: %w", jerr)
		}
	}
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return errFailed
	}
	return nil
}
