package model

import "time"

type Country struct {
	Code    string
	Name    string
	NameAr  *string
	Kind    *string
	Aliases []string
}

// ID of a country is its code.
func (c *Country) ID() string { return c.Code }

func (*Country) IsNode()            {}
func (*Country) IsSearchResult()    {}
func (*Country) IsStatementObject() {}

type Person struct {
	ID      string
	Name    string
	NameAr  *string
	Aliases []string
}

func (*Person) IsNode()         {}
func (*Person) IsSearchResult() {}

// Office is a HOLDS_OFFICE relationship; the person is resolved by id.
type Office struct {
	PersonID string
	Office   string
	Title    string
	Country  *Country
	Since    *Date
	Until    *Date
	Current  bool
}

type Place struct {
	ID          string
	Kind        string
	Name        string
	NameAr      *string
	CountryCode string
}

func (*Place) IsNode()         {}
func (*Place) IsSearchResult() {}

type Organization struct {
	ID     string
	Kind   string
	Name   string
	NameAr *string
}

func (*Organization) IsNode()         {}
func (*Organization) IsSearchResult() {}

type Initiative struct {
	ID     string
	Kind   string
	Name   string
	NameAr *string
}

func (*Initiative) IsNode()            {}
func (*Initiative) IsSearchResult()    {}
func (*Initiative) IsStatementObject() {}

type Project struct {
	ID     string
	Kind   string
	Name   string
	NameAr *string
}

func (*Project) IsNode()            {}
func (*Project) IsSearchResult()    {}
func (*Project) IsStatementObject() {}

// PartnershipLevel is a level as stated, placed on the scale.
type PartnershipLevel struct {
	ID         *string
	Name       string
	Rank       *int
	Scale      *string
	Qualifiers []string
}

type Partner struct {
	Country   *Country
	Level     *PartnershipLevel
	Since     *Date
	UpgradeID string
}

// Source is a REPORTED_IN relationship with its article.
type Source struct {
	Article    *Article
	Sentence   *int
	Start      *int
	End        *int
	Quote      *string
	Confidence *float64
	Extractor  *string
}

// Article is an article without its text, which is loaded on request.
type Article struct {
	ID           string
	URL          *string
	Source       *string
	Outlet       *string
	Published    *Date
	Lang         *string
	Title        *string
	Dateline     *string
	DatelineDate *Date
	Ingested     *time.Time
}

func (*Article) IsNode() {}

type IngestRun struct {
	ID        string
	Job       string
	Started   *time.Time
	Finished  *time.Time
	Status    string
	Fetched   int
	New       int
	Unchanged int
	Updated   int
	Failed    int
	Error     *string
}

type IngestFailure struct {
	ID     string
	Source string
	Reason string
	Job    *string
	At     *time.Time
	First  *time.Time
	Count  int
}

type IngestArticlePayload struct {
	Outcome   string
	ArticleID string
	EventIds  []string
	Counts    *ExtractionCounts
}
