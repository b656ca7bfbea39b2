package graph

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"github.com/diplograph/diplograph/graph/model"
	"github.com/diplograph/diplograph/graph/read"
	"github.com/diplograph/diplograph/ingest"
)

// Resolver holds what the resolvers need. The resolvers stay thin: they
// check arguments, call the read layer and shape connections.
type Resolver struct {
	read     *read.Reader
	pipeline *ingest.Pipeline
	log      *slog.Logger
	guard    *mutationGuard
	// maxArticle is the largest article text ingestArticle accepts, in bytes.
	maxArticle int64
}

// page reads the paging arguments of a connection field and which of its
// parts the client selected, so that totalCount is counted only when asked
// for and rows are read only when edges or pageInfo are.
func page(ctx context.Context, kind string, first *int, after *string) (read.Page, error) {
	p, err := read.NewPage(kind, first, after)
	if err != nil {
		return p, err
	}
	if graphql.GetFieldContext(ctx) == nil {
		return p, nil
	}
	p.Total, p.Rows = false, false
	op := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		switch f.Name {
		case "totalCount":
			p.Total = true
		case "pageInfo":
			p.Rows = true
		case "edges":
			p.Rows = true
			for _, e := range graphql.CollectFields(op, f.Selections, nil) {
				if e.Name == "node" {
					// every fragment's fields: the read layer keeps those of each label
					for _, n := range graphql.CollectFields(op, e.Selections, nil) {
						p.Fields = append(p.Fields, n.Name)
					}
				}
			}
		}
	}
	return p, nil
}

// selected lists the fields selected under the field being resolved and,
// as "field.sub", those one level further down; nil outside a request.
func selected(ctx context.Context) []string {
	if graphql.GetFieldContext(ctx) == nil {
		return nil
	}
	op := graphql.GetOperationContext(ctx)
	out := []string{}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		out = append(out, f.Name)
		for _, g := range graphql.CollectFields(op, f.Selections, nil) {
			out = append(out, f.Name+"."+g.Name)
		}
	}
	return out
}

func pageInfo[T any](c read.Conn[T]) *model.PageInfo {
	return &model.PageInfo{HasNextPage: c.HasNext, EndCursor: c.EndCursor}
}

func edges[T, E any](c read.Conn[T], edge func(cursor string, node T) E) []E {
	out := make([]E, 0, len(c.Edges))
	for _, e := range c.Edges {
		out = append(out, edge(e.Cursor, e.Node))
	}
	return out
}

func meetingConn(c read.Conn[*model.Meeting]) *model.MeetingConnection {
	return &model.MeetingConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.Meeting) *model.MeetingEdge { return &model.MeetingEdge{Cursor: cur, Node: n} })}
}

func visitConn(c read.Conn[*model.Visit]) *model.VisitConnection {
	return &model.VisitConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.Visit) *model.VisitEdge { return &model.VisitEdge{Cursor: cur, Node: n} })}
}

func summitConn(c read.Conn[*model.Summit]) *model.SummitConnection {
	return &model.SummitConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.Summit) *model.SummitEdge { return &model.SummitEdge{Cursor: cur, Node: n} })}
}

func agreementConn(c read.Conn[*model.Agreement]) *model.AgreementConnection {
	return &model.AgreementConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.Agreement) *model.AgreementEdge {
			return &model.AgreementEdge{Cursor: cur, Node: n}
		})}
}

func upgradeConn(c read.Conn[*model.PartnershipUpgrade]) *model.PartnershipUpgradeConnection {
	return &model.PartnershipUpgradeConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.PartnershipUpgrade) *model.PartnershipUpgradeEdge {
			return &model.PartnershipUpgradeEdge{Cursor: cur, Node: n}
		})}
}

func eventConn(c read.Conn[model.Event]) *model.EventConnection {
	return &model.EventConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n model.Event) *model.EventEdge { return &model.EventEdge{Cursor: cur, Node: n} })}
}

func countryConn(c read.Conn[*model.Country]) *model.CountryConnection {
	return &model.CountryConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.Country) *model.CountryEdge { return &model.CountryEdge{Cursor: cur, Node: n} })}
}

func personConn(c read.Conn[*model.Person]) *model.PersonConnection {
	return &model.PersonConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.Person) *model.PersonEdge { return &model.PersonEdge{Cursor: cur, Node: n} })}
}

func articleConn(c read.Conn[*model.Article]) *model.ArticleConnection {
	return &model.ArticleConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.Article) *model.ArticleEdge { return &model.ArticleEdge{Cursor: cur, Node: n} })}
}

func statementConn(c read.Conn[*model.Statement]) *model.StatementConnection {
	return &model.StatementConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.Statement) *model.StatementEdge {
			return &model.StatementEdge{Cursor: cur, Node: n}
		})}
}

func runConn(c read.Conn[*model.IngestRun]) *model.IngestRunConnection {
	return &model.IngestRunConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.IngestRun) *model.IngestRunEdge {
			return &model.IngestRunEdge{Cursor: cur, Node: n}
		})}
}

func failureConn(c read.Conn[*model.IngestFailure]) *model.IngestFailureConnection {
	return &model.IngestFailureConnection{PageInfo: pageInfo(c), TotalCount: c.Total,
		Edges: edges(c, func(cur string, n *model.IngestFailure) *model.IngestFailureEdge {
			return &model.IngestFailureEdge{Cursor: cur, Node: n}
		})}
}

// nodesAs keeps the nodes of type T, for links whose target label fixes it.
func nodesAs[T any](ns []model.Node, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(ns))
	for _, n := range ns {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

func firstAs[T any](ns []model.Node, err error) (T, error) {
	all, err := nodesAs[T](ns, err)
	var zero T
	if err != nil || len(all) == 0 {
		return zero, err
	}
	return all[0], nil
}

func eventsOf(ns []model.Node, err error) ([]model.Event, error) {
	return nodesAs[model.Event](ns, err)
}
