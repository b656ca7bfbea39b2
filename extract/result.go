// Package extract turns the text of a news article into the diplomatic
// events it reports: meetings, visits, summits, agreements, partnership
// upgrades and stated positions, with the people, countries and places
// involved, resolved to canonical ids, each with the evidence that states it.
//
// The JSON form of Result is the extraction contract printed by
// `diplograph extract --format json`; schema/extraction.schema.json
// documents it.
package extract

// Result is everything extracted from one article.
type Result struct {
	Lang      string    `json:"lang"`
	Published string    `json:"published,omitempty"`
	Dateline  *Dateline `json:"dateline,omitempty"`

	Meetings            []Meeting   `json:"meetings"`
	Visits              []Visit     `json:"visits"`
	Agreements          []Agreement `json:"agreements"`
	PartnershipUpgrades []Upgrade   `json:"partnership_upgrades"`
	Summits             []Summit    `json:"summits"`
	Statements          []Statement `json:"statements"`

	Entities Entities `json:"entities"`
}

// Empty reports whether nothing diplomatic was found.
func (r *Result) Empty() bool {
	return len(r.Meetings)+len(r.Visits)+len(r.Agreements)+len(r.PartnershipUpgrades)+len(r.Summits)+len(r.Statements) == 0
}

// Dateline is the place and date an agency put at the head of the article.
type Dateline struct {
	Place   string `json:"place,omitempty"`
	PlaceID string `json:"place_id,omitempty"`
	Date    string `json:"date,omitempty"`
	Outlet  string `json:"outlet,omitempty"`
	Text    string `json:"text"`
}

// Evidence points at the sentence that states a fact. Start and End count
// Unicode code points from the start of the article text, so
// []rune(text)[Start:End] is Quote.
type Evidence struct {
	Sentence int    `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Quote    string `json:"quote"`
}

// Participant is a person (or, when no name is given, an office of a
// country) taking part in an event.
type Participant struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	Country string `json:"country,omitempty"`
	Office  string `json:"office,omitempty"`
	Role    string `json:"role"` // host, guest, attendee, signatory, witness, visitor, participant

	// inferred is set when the text gives an office, not a name: the person
	// is whoever held it on the day, as the lexicon knows.
	inferred bool
}

type Meeting struct {
	ID           string        `json:"id"`
	Kind         string        `json:"kind"` // talks, meeting, reception, phone_call
	Countries    []string      `json:"countries"`
	People       []string      `json:"people"`
	Participants []Participant `json:"participants"`
	Place        string        `json:"place,omitempty"`
	PlaceID      string        `json:"place_id,omitempty"`
	Date         string        `json:"date,omitempty"`
	PartOf       []string      `json:"part_of,omitempty"` // visit and summit ids
	Evidence     []Evidence    `json:"evidence"`
	Confidence   float64       `json:"confidence"`
}

type Visit struct {
	ID             string     `json:"id"`
	VisitorCountry string     `json:"visitor_country"`
	HostCountry    string     `json:"host_country"`
	Visitor        string     `json:"visitor,omitempty"`
	VisitorID      string     `json:"visitor_id,omitempty"`
	Kind           string     `json:"kind"`   // state, official, working, unspecified
	Status         string     `json:"status"` // made, announced
	Date           string     `json:"date,omitempty"`
	Place          string     `json:"place,omitempty"`
	PlaceID        string     `json:"place_id,omitempty"`
	Summit         string     `json:"summit,omitempty"` // id of the summit the visitor came for
	Evidence       []Evidence `json:"evidence"`
	Confidence     float64    `json:"confidence"`
}

type Agreement struct {
	ID           string        `json:"id"`
	Kind         string        `json:"kind"` // joint_declaration, joint_statement, mou, agreement, cooperation_documents
	Countries    []string      `json:"countries"`
	Fields       []string      `json:"fields"`
	Signed       bool          `json:"signed"`
	Date         string        `json:"date,omitempty"`
	Participants []Participant `json:"participants,omitempty"` // signatories and witnesses
	Meeting      string        `json:"meeting,omitempty"`      // the meeting that produced it
	Evidence     []Evidence    `json:"evidence"`
	Confidence   float64       `json:"confidence"`
}

type Upgrade struct {
	ID              string     `json:"id"`
	Countries       []string   `json:"countries"`
	Level           string     `json:"level"`
	LevelID         string     `json:"level_id,omitempty"`
	Rank            int        `json:"rank,omitempty"`
	Qualifiers      []string   `json:"qualifiers,omitempty"`
	PreviousLevel   string     `json:"previous_level,omitempty"`
	PreviousLevelID string     `json:"previous_level_id,omitempty"`
	PreviousRank    int        `json:"previous_rank,omitempty"`
	PreviousSince   string     `json:"previous_since,omitempty"`
	Status          string     `json:"status"` // announced, agreed, proposed
	Date            string     `json:"date,omitempty"`
	Meeting         string     `json:"meeting,omitempty"` // where it was announced
	Evidence        []Evidence `json:"evidence"`
	Confidence      float64    `json:"confidence"`
}

type Summit struct {
	ID        string     `json:"id"`
	OrgID     string     `json:"org_id"`
	Name      string     `json:"name"`
	Countries []string   `json:"countries"`
	Place     string     `json:"place,omitempty"`
	PlaceID   string     `json:"place_id,omitempty"`
	Date      string     `json:"date,omitempty"`
	Evidence  []Evidence `json:"evidence"`
}

// Statement is a stated position or a fact that is not an event: a
// country's support for an initiative or for another country on a topic,
// the year relations were established, a joint project.
type Statement struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"` // supports, backs, relations_established, project
	Subject   string     `json:"subject,omitempty"`
	Object    string     `json:"object,omitempty"`
	Topics    []string   `json:"topics,omitempty"`
	Countries []string   `json:"countries,omitempty"`
	Year      int        `json:"year,omitempty"`
	Evidence  []Evidence `json:"evidence"`
}

// Entities lists every resolved entity the events refer to.
type Entities struct {
	Countries []CountryRef `json:"countries"`
	People    []PersonRef  `json:"people"`
	Places    []PlaceRef   `json:"places"`
	Orgs      []OrgRef     `json:"organizations"`
}

type CountryRef struct {
	Code    string   `json:"code"`
	Kind    string   `json:"kind"`
	Name    string   `json:"name"`
	NameAr  string   `json:"name_ar,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
}

type PersonRef struct {
	ID      string      `json:"id"`
	Name    string      `json:"name"`
	NameAr  string      `json:"name_ar,omitempty"`
	Aliases []string    `json:"aliases,omitempty"`
	Offices []OfficeRef `json:"offices,omitempty"`
}

type OfficeRef struct {
	Office  string `json:"office"`
	Title   string `json:"title"`
	Country string `json:"country"`
	Since   string `json:"since,omitempty"`
	Until   string `json:"until,omitempty"`
}

type PlaceRef struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Name    string   `json:"name"`
	NameAr  string   `json:"name_ar,omitempty"`
	Country string   `json:"country,omitempty"`
	Parent  string   `json:"parent,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
}

type OrgRef struct {
	ID        string   `json:"id"`
	Kind      string   `json:"kind"`
	Name      string   `json:"name"`
	NameAr    string   `json:"name_ar,omitempty"`
	Countries []string `json:"countries,omitempty"`
	Aliases   []string `json:"aliases,omitempty"`
}
