package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
}

// NewPipeline returns a pipeline writing to st.
func NewPipeline(st *store.Store, lx *lexicon.Lexicon, log *slog.Logger) *Pipeline {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{store: st, lx: lx, x: extract.New(lx), log: log.With("component", "ingest")}
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
	sum := Summary{Started: time.Now().UTC()}
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
		}
		if err != nil {
			o.Status = ""
			o.Err = err.Error()
			p.log.Warn("ingest failed", "source", doc.Source, "err", err)
			if errors.Is(err, store.ErrUnavailable) || ctx.Err() != nil {
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
	sum.Finished = time.Now().UTC()
	return sum, stop
}
