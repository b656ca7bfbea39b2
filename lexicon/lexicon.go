// Package lexicon holds what diplograph knows before it reads an article:
// countries, people with their offices over time, places, organisations,
// partnership levels and the words that signal diplomatic events, in Arabic
// and English. Everything is loaded from data files; nothing is code.
package lexicon

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed data
var embedded embed.FS

// Default loads the lexicon shipped with the binary.
func Default() (*Lexicon, error) {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		return nil, err
	}
	return Load(sub)
}

// Languages with a phrase file under data/<lang>/.
var Languages = []string{"ar", "en"}

type Country struct {
	Code     string
	Kind     string // country, territory, bloc
	Name     string // English
	NameAr   string
	Aliases  []string
	Capital  string // place id
	Demonyms []string
}

type Person struct {
	ID      string
	Name    string
	NameAr  string
	Aliases []string
	Offices []Office
}

// An Office is held by a person for a country (or bloc) over a period.
// Dates are YYYY-MM-DD; Until is empty while the office is held.
type Office struct {
	Office  string
	Country string
	Since   string
	Until   string
}

// HoldsOn reports whether the office was held on day (YYYY-MM-DD).
func (o Office) HoldsOn(day string) bool {
	return (o.Since == "" || o.Since <= day) && (o.Until == "" || day <= o.Until)
}

type Place struct {
	ID      string
	Kind    string // city, province, venue, region
	Name    string
	NameAr  string
	Aliases []string
	Country string
	Parent  string
}

type Org struct {
	ID        string
	Kind      string // organization, initiative, project, summit, forum
	Name      string
	NameAr    string
	Aliases   []string
	Countries []string
}

// A Level is a step on the ordered scale of partnerships.
type Level struct {
	ID   string
	Rank int
	Name string
	// Words are the modifiers (strategic, comprehensive…) that define the
	// level; a phrase maps to the level whose words it contains exactly.
	Words []string
}

// A Partnership is a level two countries reached on a day.
type Partnership struct {
	A, B       string // A < B
	Level      string // level id
	Since      string
	Qualifiers []string
}

// An OfficeTitle is a kind of office with its English title.
type OfficeTitle struct {
	ID    string
	Title string
	Rank  int // higher is more senior; picks the principal of a delegation
}

// An Entry is what a matched phrase stands for.
type Entry struct {
	Type string // country, demonym, person, place, org, title, or a phrase type
	ID   string // code, id or phrase value
	Flag string // phrase flag such as future or past
	Lang string
	// Acronym is set for an all-capitals phrase such as "UK" or "US":
	// it matches only capitals, so the Korean name "Uk" is not Britain.
	Acronym bool
}

// Lexicon is immutable after Load and safe for concurrent use.
type Lexicon struct {
	Countries map[string]*Country
	People    map[string]*Person
	Places    map[string]*Place
	Orgs      map[string]*Org
	Offices   map[string]*OfficeTitle
	Levels    []*Level            // by rank
	Groups    map[string][]string // group id -> member codes
	// Partnerships lists known levels of pairs of countries, oldest first.
	Partnerships []Partnership
	// Stopwords maps a Latin-script language to its commonest words.
	Stopwords map[string]map[string]bool

	index    map[string][]Entry
	prefixes map[string]bool
	maxLen   int
}

// Load reads every data file of fsys. All bad lines are reported together.
func Load(fsys fs.FS) (*Lexicon, error) {
	lx := &Lexicon{
		Countries: map[string]*Country{},
		People:    map[string]*Person{},
		Places:    map[string]*Place{},
		Orgs:      map[string]*Org{},
		Offices:   map[string]*OfficeTitle{},
		Groups:    map[string][]string{},
		Stopwords: map[string]map[string]bool{},
		index:     map[string][]Entry{},
		prefixes:  map[string]bool{},
	}
	var errs ErrorList
	errs = appendErr(errs, lx.loadCountries(fsys))
	people, _ := fs.Glob(fsys, "people*.tsv")
	for _, f := range people {
		errs = appendErr(errs, lx.loadPeople(fsys, f))
	}
	errs = appendErr(errs, lx.loadPlaces(fsys))
	errs = appendErr(errs, lx.loadOrgs(fsys))
	errs = appendErr(errs, lx.loadOffices(fsys))
	errs = appendErr(errs, lx.loadLevels(fsys))
	errs = appendErr(errs, lx.loadGroups(fsys))
	errs = appendErr(errs, lx.loadPartnerships(fsys))
	errs = appendErr(errs, lx.loadStopwords(fsys))
	for _, lang := range Languages {
		errs = appendErr(errs, lx.loadPhrases(fsys, path.Join(lang, "phrases.tsv"), lang))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return lx, nil
}

func (lx *Lexicon) loadCountries(fsys fs.FS) error {
	rows, err := readTSV(fsys, "countries.tsv", "code", "kind", "name_en", "aliases_en", "demonyms_en", "name_ar", "aliases_ar", "adjectives_ar", "capital")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		c := &Country{Code: r.get("code"), Kind: r.get("kind"), Name: r.get("name_en"), NameAr: r.get("name_ar"), Capital: r.get("capital")}
		if c.Code == "" || c.Name == "" || c.NameAr == "" {
			errs = append(errs, r.errorf("code, name_en and name_ar are required"))
			continue
		}
		if lx.Countries[c.Code] != nil {
			errs = append(errs, r.errorf("duplicate code %s", c.Code))
			continue
		}
		c.Aliases = append(r.list("aliases_en"), r.list("aliases_ar")...)
		c.Demonyms = r.list("demonyms_en")
		lx.Countries[c.Code] = c
		lx.addAll(Entry{Type: "country", ID: c.Code, Lang: "en"}, append([]string{c.Name}, r.list("aliases_en")...))
		lx.addAll(Entry{Type: "country", ID: c.Code, Lang: "ar"}, append([]string{c.NameAr}, r.list("aliases_ar")...))
		lx.addAll(Entry{Type: "demonym", ID: c.Code, Lang: "en"}, r.list("demonyms_en"))
		lx.addAll(Entry{Type: "demonym", ID: c.Code, Lang: "ar"}, r.list("adjectives_ar"))
	}
	return errs.Err()
}

func (lx *Lexicon) loadPeople(fsys fs.FS, name string) error {
	rows, err := readTSV(fsys, name, "id", "name_en", "aliases_en", "name_ar", "aliases_ar", "offices")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		p := &Person{ID: r.get("id"), Name: r.get("name_en"), NameAr: r.get("name_ar")}
		if p.ID == "" || p.Name == "" {
			errs = append(errs, r.errorf("id and name_en are required"))
			continue
		}
		if lx.People[p.ID] != nil {
			// Two files may list the same person; the first wins.
			continue
		}
		p.Aliases = append(r.list("aliases_en"), r.list("aliases_ar")...)
		for _, o := range r.list("offices") {
			off, err := parseOffice(o)
			if err != nil {
				errs = append(errs, r.errorf("office %q: %v", o, err))
				continue
			}
			p.Offices = append(p.Offices, off)
		}
		lx.People[p.ID] = p
		lx.addAll(Entry{Type: "person", ID: p.ID, Lang: "en"}, append([]string{p.Name}, r.list("aliases_en")...))
		lx.addAll(Entry{Type: "person", ID: p.ID, Lang: "ar"}, append([]string{p.NameAr}, r.list("aliases_ar")...))
	}
	return errs.Err()
}

// parseOffice reads office/CODE/since/until.
func parseOffice(s string) (Office, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 4 {
		return Office{}, fmt.Errorf("want office/CODE/since/until")
	}
	o := Office{Office: parts[0], Country: parts[1]}
	var err error
	if o.Since, err = normDate(parts[2], false); err != nil {
		return o, err
	}
	if o.Until, err = normDate(parts[3], true); err != nil {
		return o, err
	}
	if o.Until != "" && o.Since > o.Until {
		return o, fmt.Errorf("since %s is after until %s", o.Since, o.Until)
	}
	return o, nil
}

// normDate widens YYYY or YYYY-MM to a day: the first day of the period, or
// the last when end is set.
func normDate(s string, end bool) (string, error) {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 0:
		return "", nil
	case 4:
		if _, err := strconv.Atoi(s); err != nil {
			return "", fmt.Errorf("bad year %q", s)
		}
		if end {
			return s + "-12-31", nil
		}
		return s + "-01-01", nil
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return "", fmt.Errorf("bad month %q", s)
		}
		if end {
			t = t.AddDate(0, 1, -1)
		}
		return t.Format(time.DateOnly), nil
	case 10:
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return "", fmt.Errorf("bad date %q", s)
		}
		return s, nil
	}
	return "", fmt.Errorf("bad date %q", s)
}

func (lx *Lexicon) loadPlaces(fsys fs.FS) error {
	rows, err := readTSV(fsys, "places.tsv", "id", "kind", "name_en", "aliases_en", "name_ar", "aliases_ar", "country", "parent")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		p := &Place{ID: r.get("id"), Kind: r.get("kind"), Name: r.get("name_en"), NameAr: r.get("name_ar"), Country: r.get("country"), Parent: r.get("parent")}
		if p.ID == "" || p.Name == "" {
			errs = append(errs, r.errorf("id and name_en are required"))
			continue
		}
		if lx.Places[p.ID] != nil {
			errs = append(errs, r.errorf("duplicate place %s", p.ID))
			continue
		}
		p.Aliases = append(r.list("aliases_en"), r.list("aliases_ar")...)
		lx.Places[p.ID] = p
		lx.addAll(Entry{Type: "place", ID: p.ID, Lang: "en"}, append([]string{p.Name}, r.list("aliases_en")...))
		lx.addAll(Entry{Type: "place", ID: p.ID, Lang: "ar"}, append([]string{p.NameAr}, r.list("aliases_ar")...))
	}
	return errs.Err()
}

func (lx *Lexicon) loadOrgs(fsys fs.FS) error {
	rows, err := readTSV(fsys, "organizations.tsv", "id", "kind", "name_en", "aliases_en", "name_ar", "aliases_ar", "countries")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		o := &Org{ID: r.get("id"), Kind: r.get("kind"), Name: r.get("name_en"), NameAr: r.get("name_ar"), Countries: r.list("countries")}
		if o.ID == "" || o.Name == "" {
			errs = append(errs, r.errorf("id and name_en are required"))
			continue
		}
		if lx.Orgs[o.ID] != nil {
			errs = append(errs, r.errorf("duplicate organization %s", o.ID))
			continue
		}
		o.Aliases = append(r.list("aliases_en"), r.list("aliases_ar")...)
		lx.Orgs[o.ID] = o
		lx.addAll(Entry{Type: "org", ID: o.ID, Lang: "en"}, append([]string{o.Name}, r.list("aliases_en")...))
		lx.addAll(Entry{Type: "org", ID: o.ID, Lang: "ar"}, append([]string{o.NameAr}, r.list("aliases_ar")...))
	}
	return errs.Err()
}

func (lx *Lexicon) loadOffices(fsys fs.FS) error {
	rows, err := readTSV(fsys, "offices.tsv", "id", "rank", "title_en", "titles_en", "titles_ar")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		rank, err := strconv.Atoi(r.get("rank"))
		if err != nil {
			errs = append(errs, r.errorf("rank %q is not a number", r.get("rank")))
			continue
		}
		o := &OfficeTitle{ID: r.get("id"), Title: r.get("title_en"), Rank: rank}
		lx.Offices[o.ID] = o
		lx.addAll(Entry{Type: "title", ID: o.ID, Lang: "en"}, r.list("titles_en"))
		lx.addAll(Entry{Type: "title", ID: o.ID, Lang: "ar"}, r.list("titles_ar"))
	}
	return errs.Err()
}

func (lx *Lexicon) loadLevels(fsys fs.FS) error {
	rows, err := readTSV(fsys, "levels.tsv", "id", "rank", "name_en", "words")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		rank, err := strconv.Atoi(r.get("rank"))
		if err != nil {
			errs = append(errs, r.errorf("rank %q is not a number", r.get("rank")))
			continue
		}
		words := r.list("words")
		sort.Strings(words)
		lx.Levels = append(lx.Levels, &Level{ID: r.get("id"), Rank: rank, Name: r.get("name_en"), Words: words})
	}
	sort.SliceStable(lx.Levels, func(i, j int) bool { return lx.Levels[i].Rank < lx.Levels[j].Rank })
	return errs.Err()
}

func (lx *Lexicon) loadGroups(fsys fs.FS) error {
	rows, err := readTSV(fsys, "groups.tsv", "id", "countries", "name_en", "phrases_en", "phrases_ar")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		id, members := r.get("id"), r.list("countries")
		for _, c := range members {
			if lx.Countries[c] == nil {
				errs = append(errs, r.errorf("group %s: unknown country %s", id, c))
			}
		}
		lx.Groups[id] = members
		lx.addAll(Entry{Type: "group", ID: id, Lang: "en"}, r.list("phrases_en"))
		lx.addAll(Entry{Type: "group", ID: id, Lang: "ar"}, r.list("phrases_ar"))
	}
	return errs.Err()
}

func (lx *Lexicon) loadPartnerships(fsys fs.FS) error {
	rows, err := readTSV(fsys, "partnerships.tsv", "a", "b", "level", "since", "qualifiers")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		p := Partnership{A: r.get("a"), B: r.get("b"), Level: r.get("level"), Qualifiers: r.list("qualifiers")}
		if p.A > p.B {
			p.A, p.B = p.B, p.A
		}
		if lx.Countries[p.A] == nil || lx.Countries[p.B] == nil {
			errs = append(errs, r.errorf("unknown country in %s-%s", p.A, p.B))
			continue
		}
		if lx.LevelByID(p.Level) == nil {
			errs = append(errs, r.errorf("unknown level %q", p.Level))
			continue
		}
		var err error
		if p.Since, err = normDate(r.get("since"), false); err != nil || p.Since == "" {
			errs = append(errs, r.errorf("since: %v", err))
			continue
		}
		lx.Partnerships = append(lx.Partnerships, p)
	}
	sort.SliceStable(lx.Partnerships, func(i, j int) bool { return lx.Partnerships[i].Since < lx.Partnerships[j].Since })
	return errs.Err()
}

// KnownLevel returns the latest level a and b are known to have reached
// before day (any day when day is empty), or false.
func (lx *Lexicon) KnownLevel(a, b, day string) (Partnership, bool) {
	if a > b {
		a, b = b, a
	}
	var out Partnership
	found := false
	for _, p := range lx.Partnerships {
		if p.A == a && p.B == b && (day == "" || p.Since < day) {
			out, found = p, true
		}
	}
	return out, found
}

func (lx *Lexicon) loadStopwords(fsys fs.FS) error {
	rows, err := readTSV(fsys, "stopwords.tsv", "lang", "words")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		set := map[string]bool{}
		for _, w := range r.list("words") {
			set[Fold(w)] = true
		}
		lx.Stopwords[r.get("lang")] = set
	}
	return errs.Err()
}

func (lx *Lexicon) loadPhrases(fsys fs.FS, name, lang string) error {
	rows, err := readTSV(fsys, name, "type", "value", "flag", "phrase")
	var errs ErrorList
	errs = appendErr(errs, err)
	for _, r := range rows {
		if r.get("type") == "" || r.get("phrase") == "" {
			errs = append(errs, r.errorf("type and phrase are required"))
			continue
		}
		lx.addAll(Entry{Type: r.get("type"), ID: r.get("value"), Flag: r.get("flag"), Lang: lang}, r.list("phrase"))
	}
	return errs.Err()
}

// Level returns the level whose words are exactly words, or nil.
func (lx *Lexicon) Level(words []string) *Level {
	w := slices.Clone(words)
	sort.Strings(w)
	w = slices.Compact(w)
	for _, l := range lx.Levels {
		if slices.Equal(l.Words, w) {
			return l
		}
	}
	return nil
}

// LevelByID returns a level by id, or nil.
func (lx *Lexicon) LevelByID(id string) *Level {
	for _, l := range lx.Levels {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// OfficeHolders returns the people holding office for country on day.
func (lx *Lexicon) OfficeHolders(office, country, day string) []*Person {
	var out []*Person
	for _, p := range lx.People {
		for _, o := range p.Offices {
			if o.Office == office && o.Country == country && (day == "" && o.Until == "" || day != "" && o.HoldsOn(day)) {
				out = append(out, p)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// OfficeOn returns the offices person held on day (all current ones when day
// is empty).
func (p *Person) OfficeOn(day string) []Office {
	var out []Office
	for _, o := range p.Offices {
		if day == "" && o.Until == "" || day != "" && o.HoldsOn(day) {
			out = append(out, o)
		}
	}
	return out
}
