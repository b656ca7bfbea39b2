package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/store"
)

// Pipeline takes documents through extraction into the store.
type Pipeline struct {
	store *store.Store
	lx    *lexicon.Lexicon
	x     *extract.Extractor
	log   *slog.Logger
	now   func() time.Time
}

// NewPipeline returns a pipeline writing to st.
func NewPipeline(st *store.Store, lx *lexicon.Lexicon, log *slog.Logger) *Pipeline {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{store: st, lx: lx, x: extract.New(lx), log: log.With("component", "ingest"), now: time.Now}
}

// Outcome of ingesting one document.
type Outcome struct {
	Source    string          `json:"source"`
	ArticleID string          `json:"article_id,omitempty"`
	Status    store.Outcome   `json:"status,omitempty"` // new, unchanged, updated; empty when failed
	Err       string          `json:"error,omitempty"`
	Result    *extract.Result `json:"-"`
}

// Ingest stores one document. An unchanged article (same content hash) is
// skipped without extraction; a changed one (same URL, new content)
// replaces its older version in the same transaction.
func (p *Pipeline) Ingest(ctx context.Context, doc Document) (Outcome, error) {
	id := extract.ArticleID(doc.Text)
	out := Outcome{Source: doc.Source, ArticleID: id}
	known, older, err := p.store.Known(ctx, id, doc.URL)
	if err != nil {
		return out, err
	}
	if known {
		out.Status = store.Unchanged
		return out, nil
	}
	res, err := p.x.Extract(doc.Text, extract.Options{Lang: doc.Lang, Published: doc.Published, ArticleID: id})
	if err != nil {
		return out, &InputError{Source: doc.Source, Err: err, Offset: -1}
	}
	out.Result = res
	art := store.Article{ID: id, URL: doc.URL, Source: doc.Source, Title: doc.Title, Text: doc.Text,
		Lang: res.Lang, Published: doc.Published, Outlet: doc.Outlet}
	if err := p.store.WriteArticle(ctx, art, res, p.lx, older); err != nil {
		return out, err
	}
	out.Status = store.New
	if len(older) > 0 {
		out.Status = store.Updated
	}
	p.log.Info("ingested", "source", doc.Source, "article", id[:12], "status", out.Status,
		"meetings", len(res.Meetings), "visits", len(res.Visits), "agreements", len(res.Agreements), "upgrades", len(res.PartnershipUpgrades))
	return out, nil
}

// Summary counts the outcomes of a batch.
type Summary struct {
	Fetched   int       `json:"fetched"` // inputs read (unchanged files and 304s are not)
	New       int       `json:"new"`
	Unchanged int       `json:"unchanged"`
	Updated   int       `json:"updated"`
	Failed    int       `json:"failed"`
	Outcomes  []Outcome `json:"articles"`
	Started   time.Time `json:"started"`
	Finished  time.Time `json:"finished"`
}

func (s *Summary) add(o Outcome) {
	switch o.Status {
	case store.New:
		s.New++
	case store.Unchanged:
		s.Unchanged++
	case store.Updated:
		s.Updated++
	default:
		s.Failed++
	}
	s.Outcomes = append(s.Outcomes, o)
}

func (s Summary) String() string {
	return fmt.Sprintf("%d new, %d unchanged, %d updated, %d failed", s.New, s.Unchanged, s.Updated, s.Failed)
}

// IngestAll reads every source and ingests its documents, one at a time.
// A failing document is recorded in the graph with its reason and the batch
// goes on; only a cancelled context or a lost Neo4j stops it.
func (p *Pipeline) IngestAll(ctx context.Context, docs func(yield func(Document, error) bool), progress func(Outcome)) (Summary, error) {
	sum := Summary{Started: p.now().UTC()}
	var stop error
	docs(func(doc Document, readErr error) bool {
		if err := ctx.Err(); err != nil {
			stop = err
			return false
		}
		var o Outcome
		var err error
		if readErr != nil {
			o, err = Outcome{Source: doc.Source}, readErr
		} else {
			o, err = p.Ingest(ctx, doc)
			if err == nil {
				sum.Fetched++
			}
		}
		if err != nil {
			o.Status = ""
			o.Err = err.Error()
			p.log.Warn("ingest failed", "source", doc.Source, "err", err)
			if ctx.Err() != nil || p.storeLost(ctx, err) {
				sum.add(o)
				stop = err
				return false
			}
			if rerr := p.store.RecordFailure(ctx, "", doc.Source, err.Error()); rerr != nil {
				p.log.Warn("record failure", "source", doc.Source, "err", rerr)
			}
		}
		sum.add(o)
		if progress != nil {
			progress(o)
		}
		return true
	})
	sum.Finished = p.now().UTC()
	return sum, stop
}

// storeLost reports whether err, returned by a step that uses the store,
// means that Neo4j is gone rather than that one article was refused: the
// driver says so, or Neo4j does not answer a ping. Errors about the input
// are never a lost store.
func (p *Pipeline) storeLost(ctx context.Context, err error) bool {
	var ie *InputError
	var he *HTTPError
	var ue *url.Error // from the web, not from Neo4j
	if errors.As(err, &ie) || errors.As(err, &he) || errors.As(err, &ue) || errors.Is(err, ErrNotModified) {
		return false
	}
	if errors.Is(err, store.ErrUnavailable) {
		return true
	}
	// The driver's ConnectivityError is no proof: it also wraps a statement
	// that ran out of time on a busy but present Neo4j. A ping tells.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return p.store.Ping(ctx) != nil
}

// BatchOptions configure IngestItems.
type BatchOptions struct {
	Job            string        // recorded with each failure
	Concurrency    int           // items read and ingested at once; 1
	ArticleTimeout time.Duration // to write one article; 2 minutes
	// RecordFailure records a failed item; by default an IngestFailure of Job.
	RecordFailure func(ctx context.Context, o Outcome) error
	// Progress is told of each item done, by one goroutine at a time.
	Progress func(Outcome)
}

// IngestItems reads and ingests items, Concurrency at a time. A failing
// item is recorded with its reason and the others go on. An item known to
// be unchanged counts as unchanged without being read; an ingested or
// unchanged item is committed (its source remembers it was read).
//
// When ctx ends, no further item is started and the articles being written
// are finished (each is one transaction, so stopping between articles
// leaves the graph whole); the error is then ctx's. When Neo4j is lost,
// everything stops and the error wraps store.ErrUnavailable.
func (p *Pipeline) IngestItems(ctx context.Context, items []Item, o BatchOptions) (Summary, error) {
	if o.Concurrency <= 0 {
		o.Concurrency = 1
	}
	if o.ArticleTimeout <= 0 {
		o.ArticleTimeout = 2 * time.Minute
	}
	if o.RecordFailure == nil {
		o.RecordFailure = func(ctx context.Context, out Outcome) error {
			return p.store.RecordFailure(ctx, o.Job, out.Source, out.Err)
		}
	}
	sum := Summary{Started: p.now().UTC()}
	outcomes := make([]*Outcome, len(items))
	var (
		mu   sync.Mutex // guards sum, lost and calls of Progress
		lost error
		next atomic.Int64
		wg   sync.WaitGroup
	)
	// halt stops the workers from taking more items once Neo4j is lost.
	halt, cancel := context.WithCancel(ctx)
	defer cancel()
	for range min(o.Concurrency, len(items)) {
		wg.Go(func() {
			for halt.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(items) {
					return
				}
				out, fetched, err := p.item(halt, items[i], o)
				if out == nil { // abandoned when ctx ended: not an outcome
					continue
				}
				mu.Lock()
				if fetched {
					sum.Fetched++
				}
				outcomes[i] = out
				if err != nil && lost == nil {
					lost = err
					cancel()
				}
				if o.Progress != nil {
					o.Progress(*out)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for _, out := range outcomes {
		if out != nil {
			sum.add(*out)
		}
	}
	sum.Finished = p.now().UTC()
	if lost != nil {
		return sum, lost
	}
	return sum, ctx.Err()
}

// item reads, ingests and commits one item. It returns a nil outcome for an
// item abandoned because ctx ended before it was read, and an error only
// when Neo4j is lost.
func (p *Pipeline) item(ctx context.Context, it Item, o BatchOptions) (*Outcome, bool, error) {
	doc, err := it.Load(ctx)
	if err != nil && ctx.Err() != nil {
		return nil, false, nil
	}
	// From here on the item is in flight: it is finished even if ctx ends.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.ArticleTimeout)
	defer cancel()
	out := &Outcome{Source: it.Source}
	fetched := false
	switch {
	case errors.Is(err, ErrNotModified):
		out.Status = store.Unchanged
	case err != nil:
		if p.storeLost(wctx, err) { // looking up what was read before
			out.Err = err.Error()
			return out, fetched, fmt.Errorf("%w: read %s: %w", store.ErrUnavailable, it.Source, err)
		}
	default:
		fetched = true
		*out, err = p.Ingest(wctx, doc)
		if err != nil && p.storeLost(wctx, err) {
			out.Status, out.Err = "", err.Error()
			return out, fetched, fmt.Errorf("%w: ingest %s: %w", store.ErrUnavailable, it.Source, err)
		}
	}
	if err != nil && !errors.Is(err, ErrNotModified) {
		out.Status, out.Err = "", err.Error()
		p.log.Warn("ingest failed", "job", o.Job, "source", it.Source, "err", err)
		if rerr := o.RecordFailure(wctx, *out); rerr != nil {
			if p.storeLost(wctx, rerr) {
				return out, fetched, fmt.Errorf("%w: %w", store.ErrUnavailable, rerr)
			}
			p.log.Warn("record failure", "source", it.Source, "err", rerr)
		}
		return out, fetched, nil
	}
	if it.Commit != nil {
		if cerr := it.Commit(wctx); cerr != nil {
			// The article is in the graph; the input will only be read again.
			p.log.Warn("remember input", "source", it.Source, "err", cerr)
			if p.storeLost(wctx, cerr) {
				return out, fetched, fmt.Errorf("%w: %w", store.ErrUnavailable, cerr)
			}
		}
	}
	return out, fetched, nil
}
