package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/store"
)

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var c config
	fs := newFlagSet("ingest", "[flags] FILE|DIR|GLOB|URL|- ...", stderr)
	c.neo4jFlags(fs)
	lang := fs.String("lang", "auto", "language of the articles: auto, ar or en")
	published := fs.String("published", "", "publication date YYYY-MM-DD of articles that do not give one")
	outlet := fs.String("outlet", "", "outlet (news agency) of the articles")
	report := fs.String("report", "", "write a JSON report of every article to this file")
	concurrency := fs.Int("concurrency", 2, "articles read and ingested at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("ingest needs at least one input")
	}
	if *lang != "auto" && *lang != "ar" && *lang != "en" {
		return fmt.Errorf("--lang %q: want auto, ar or en", *lang)
	}
	bar := newProgress(stderr, c.LogLevel)
	logLevel := c.LogLevel
	if bar != nil && logLevel == "info" {
		logLevel = "warn" // the bar shows progress; info lines would break it up
	}
	log := newLogger(stderr, logLevel)
	lx, st, err := prepare(ctx, &c, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))

	// URLs are read with the scheduler's HTTP client; the rest are files.
	web := ingest.Web{Fetcher: ingest.NewFetcher(ingest.FetchOptions{}, log)}
	meta := ingest.Document{Published: *published, Outlet: *outlet}
	if *lang != "auto" {
		meta.Lang = *lang
	}
	var items []ingest.Item
	var files []string
	flush := func() {
		items = append(items, ingest.FileItems(files, stdin, c.MaxArticle)...)
		files = nil
	}
	for _, arg := range fs.Args() {
		if !ingest.IsURL(arg) {
			files = append(files, arg)
			continue
		}
		flush()
		items = append(items, web.PageItem(arg, ingest.Document{Lang: meta.Lang, Outlet: meta.Outlet}, 0))
	}
	flush()
	for i, it := range items {
		load := it.Load
		items[i].Load = func(ctx context.Context) (ingest.Document, error) {
			doc, err := load(ctx)
			if doc.Lang == "" {
				doc.Lang = meta.Lang
			}
			if doc.Published == "" {
				doc.Published = meta.Published
			}
			if doc.Outlet == "" {
				doc.Outlet = meta.Outlet
			}
			return doc, err
		}
	}

	p := ingest.NewPipeline(st, lx, log)
	if bar != nil {
		bar.ChangeMax(len(items))
	}
	sum, err := p.IngestItems(ctx, items, ingest.BatchOptions{Concurrency: *concurrency, Progress: func(o ingest.Outcome) {
		if bar != nil {
			if o.Err != "" {
				bar.Clear()
				fmt.Fprintf(stderr, "FAIL %s: %s\n", o.Source, o.Err)
			}
			bar.Describe(string(o.Status))
			bar.Add(1)
			return
		}
		// the pipeline logs what it ingests and what fails
		if o.Status == store.Unchanged {
			log.Info("unchanged", "source", o.Source)
		}
	}})
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	fmt.Fprintf(stdout, "ingested: %s\n", sum)
	if *report != "" {
		b, jerr := json.MarshalIndent(sum, "", "  ")
		if jerr == nil {
			jerr = os.WriteFile(*report, append(b, '\n'), 0o644)
		}
		if jerr != nil {
			return fmt.Errorf("write report %s: %w", *report, jerr)
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

// newProgress returns a progress bar on stderr when it is a terminal, and
// nil otherwise: logs and pipes get plain log lines instead.
func newProgress(stderr io.Writer, level string) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || level == "debug" {
		return nil
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("ingesting"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(30),
	)
}
