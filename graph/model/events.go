package model

type Meeting struct {
	ID           string
	Kind         string
	Date         *Date
	Name         string
	CountryCodes []string
}

func (*Meeting) IsNode()         {}
func (*Meeting) IsEvent()        {}
func (*Meeting) IsSearchResult() {}

// Participation is a PARTICIPATED_IN relationship.
type Participation struct {
	Person *Person
	Role   string
}

type Visit struct {
	ID           string
	Kind         string
	Status       string
	Date         *Date
	Name         string
	CountryCodes []string
	VisitorCode  string
	HostCode     string
}

func (*Visit) IsNode()         {}
func (*Visit) IsEvent()        {}
func (*Visit) IsSearchResult() {}

type Summit struct {
	ID           string
	Name         string
	Series       *string
	Date         *Date
	CountryCodes []string
}

func (*Summit) IsNode()         {}
func (*Summit) IsEvent()        {}
func (*Summit) IsSearchResult() {}

type Agreement struct {
	ID           string
	Kind         string
	Fields       []string
	Signed       bool
	Date         *Date
	Name         string
	CountryCodes []string
}

func (*Agreement) IsNode()         {}
func (*Agreement) IsEvent()        {}
func (*Agreement) IsSearchResult() {}

type PartnershipUpgrade struct {
	ID           string
	Date         *Date
	Name         string
	CountryCodes []string
	Level        *PartnershipLevel
	Status       string
}

func (*PartnershipUpgrade) IsNode()         {}
func (*PartnershipUpgrade) IsEvent()        {}
func (*PartnershipUpgrade) IsSearchResult() {}

// Statement is a stated position; its country, object and sources are
// resolved by id.
type Statement struct {
	ID           string
	Kind         string
	Name         string
	Topics       []string
	Year         *int
	CountryCodes []string
}

func (*Statement) IsNode()         {}
func (*Statement) IsSearchResult() {}

// Relation is what lies between two countries; A and B are in the order
// asked.
type Relation struct {
	A         *Country
	B         *Country
	Level     *PartnershipLevel
	Since     *Date
	UpgradeID string
}

type Path struct {
	Length int
	Nodes  []Node
	Steps  []*PathStep
	Events []Event
}

type PathStep struct {
	From     Node
	Relation string
	To       Node
}

type SearchHit struct {
	Score float64
	Node  SearchResult
}
