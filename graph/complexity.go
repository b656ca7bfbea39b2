package graph

import (
	"github.com/diplograph/diplograph/graph/generated"
	"github.com/diplograph/diplograph/graph/model"
	"github.com/diplograph/diplograph/graph/read"
)

// perPage is the cost of a list of up to first rows, each costing child:
// a connection asked for 100 rows costs 100 times its row. A first above
// the maximum counts as the maximum, so that the resolver's clearer error
// ("first must be between…") is what the client sees.
func perPage(child int, first *int, def int) int {
	n := def
	if first != nil {
		n = min(max(*first, 1), read.MaxFirst)
	}
	return 1 + child*n
}

func conn(child int, first *int) int { return perPage(child, first, read.DefaultFirst) }

// complexity prices the fields whose cost grows with their arguments.
// Lists without arguments (participants, sources) are short and keep the
// default cost of their children.
func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	q := &c.Query
	q.Meetings = func(ch int, _ *model.MeetingFilter, first *int, _ *string) int { return conn(ch, first) }
	q.Visits = func(ch int, _ *model.VisitFilter, first *int, _ *string) int { return conn(ch, first) }
	q.Summits = func(ch int, _ *model.SummitFilter, first *int, _ *string) int { return conn(ch, first) }
	q.Agreements = func(ch int, _ *model.AgreementFilter, first *int, _ *string) int { return conn(ch, first) }
	q.PartnershipUpgrades = func(ch int, _ *model.UpgradeFilter, first *int, _ *string) int { return conn(ch, first) }
	q.Countries = func(ch int, _ *string, first *int, _ *string) int { return conn(ch, first) }
	q.People = func(ch int, _, _ *string, first *int, _ *string) int { return conn(ch, first) }
	q.Articles = func(ch int, _ *model.ArticleFilter, first *int, _ *string) int { return conn(ch, first) }
	q.Statements = func(ch int, _ *model.StatementFilter, first *int, _ *string) int { return conn(ch, first) }
	q.IngestRuns = func(ch int, _ *string, first *int, _ *string) int { return conn(ch, first) }
	q.IngestFailures = func(ch int, _ *string, first *int, _ *string) int { return conn(ch, first) }
	q.Timeline = func(ch int, _, _ *string, _, _ *model.Date, first *int, _ *string) int { return conn(ch, first) }
	q.Search = func(ch int, _ string, _ *string, first *int) int { return perPage(ch, first, 20) }
	q.SearchHits = func(ch int, _ string, _ *string, first *int) int { return perPage(ch, first, 20) }
	q.Nodes = func(ch int, ids []string) int { return 1 + ch*min(max(len(ids), 1), read.MaxFirst) }
	// a path has at most MaxHops+1 nodes
	q.Path = func(ch int, _, _ string, _ *int) int { return 1 + ch*(read.MaxHops+1) }
	q.PartnershipHistory = func(ch int, _, _ string) int { return 1 + ch*10 }
	c.Person.Meetings = func(ch int, _, _ *model.Date, first *int) int { return perPage(ch, first, read.DefaultFirst) }
	r := &c.Relation
	r.Meetings = func(ch int, first *int, _ *string) int { return conn(ch, first) }
	r.Visits = func(ch int, first *int, _ *string) int { return conn(ch, first) }
	r.Agreements = func(ch int, first *int, _ *string) int { return conn(ch, first) }
	r.LatestEvents = func(ch int, first *int) int { return perPage(ch, first, 10) }
	r.History = func(ch int) int { return 1 + ch*10 }
	return c
}
