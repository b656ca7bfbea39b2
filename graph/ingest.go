package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/diplograph/diplograph/graph/model"
	"github.com/diplograph/diplograph/graph/read"
	"github.com/diplograph/diplograph/ingest"
)

// typed fetches a node of one label by id. An unknown id gives null with
// a NOT_FOUND error, as GitHub's API does, so that a client can tell a
// typo from an absent optional value.
func typed[T any](ctx context.Context, r *Resolver, label, id string) (T, error) {
	n, err := r.ld(ctx).Typed(ctx, label, id)
	t, ok := n.(T)
	if err == nil && !ok {
		return t, notFound(label, id)
	}
	return t, err
}

func notFound(what, id string) error {
	return &publicError{fmt.Sprintf("no %s with id %q", what, read.Truncate(id, 80)), "NOT_FOUND"}
}

func (r *Resolver) upgradeByID(ctx context.Context, id string) (*model.PartnershipUpgrade, error) {
	if id == "" {
		return nil, nil
	}
	n, err := r.ld(ctx).Typed(ctx, read.Upgrade, id)
	u, _ := n.(*model.PartnershipUpgrade)
	return u, err
}

// pair checks the two country codes of a relation.
func pair(a, b string) (string, string, error) {
	codes := read.Codes([]string{a, b})
	if len(codes) != 2 {
		return "", "", &model.InputError{Msg: "a and b must be two different country codes"}
	}
	return codes[0], codes[1], nil
}

func (r *Resolver) search(ctx context.Context, text string, lang *string, first *int) ([]*model.SearchHit, error) {
	n := 20
	if first != nil {
		n = *first
	}
	l := ""
	if lang != nil {
		l = strings.ToLower(strings.TrimSpace(*lang))
	}
	hits, err := r.read.Search(ctx, text, l, n)
	if err != nil {
		return nil, err
	}
	out := make([]*model.SearchHit, 0, len(hits))
	for _, h := range hits {
		if s, ok := h.Node.(model.SearchResult); ok {
			out = append(out, &model.SearchHit{Score: h.Score, Node: s})
		}
	}
	return out, nil
}

// ingest checks an article sent by an authenticated client, spends one
// of its key's allowance and runs the pipeline on it.
func (r *Resolver) ingest(ctx context.Context, in model.IngestArticleInput) (*model.IngestArticlePayload, error) {
	if n := int64(len(in.Text)); n > r.maxArticle {
		return nil, &model.InputError{Msg: fmt.Sprintf("text is %d bytes, over the limit of %d", n, r.maxArticle)}
	}
	text, err := ingest.CheckText([]byte(in.Text), "text")
	if err != nil {
		return nil, &model.InputError{Msg: err.Error()}
	}
	doc := ingest.Document{Source: "graphql", Text: text, URL: deref(in.URL), Title: deref(in.Title), Outlet: deref(in.Outlet)}
	if doc.URL != "" {
		doc.Source = doc.URL
	}
	switch l := strings.ToLower(deref(in.Lang)); l {
	case "", "auto":
	case "ar", "en":
		doc.Lang = l
	default:
		return nil, &model.InputError{Msg: fmt.Sprintf("lang must be ar or en, got %q", l)}
	}
	if in.Published != nil {
		doc.Published = string(*in.Published)
	}
	if err := r.guard.take(ctx); err != nil {
		return nil, err
	}
	out, err := r.pipeline.Ingest(ctx, doc)
	var ie *ingest.InputError
	if errors.As(err, &ie) {
		return nil, &model.InputError{Msg: ie.Error()}
	}
	if err != nil {
		return nil, fmt.Errorf("ingest article: %w", err)
	}
	p := &model.IngestArticlePayload{Outcome: string(out.Status), ArticleID: out.ArticleID, EventIds: []string{}, Counts: &model.ExtractionCounts{}}
	if res := out.Result; res != nil {
		p.Counts = &model.ExtractionCounts{Meetings: len(res.Meetings), Visits: len(res.Visits), Summits: len(res.Summits),
			Agreements: len(res.Agreements), PartnershipUpgrades: len(res.PartnershipUpgrades), Statements: len(res.Statements)}
		for _, m := range res.Meetings {
			p.EventIds = append(p.EventIds, m.ID)
		}
		for _, v := range res.Visits {
			p.EventIds = append(p.EventIds, v.ID)
		}
		for _, s := range res.Summits {
			p.EventIds = append(p.EventIds, s.ID)
		}
		for _, a := range res.Agreements {
			p.EventIds = append(p.EventIds, a.ID)
		}
		for _, u := range res.PartnershipUpgrades {
			p.EventIds = append(p.EventIds, u.ID)
		}
	}
	r.log.Info("article ingested", "request", requestID(ctx), "article", out.ArticleID, "outcome", out.Status, "events", len(p.EventIds))
	return p, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
