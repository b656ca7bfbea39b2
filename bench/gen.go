// Package bench generates a large, realistic diplomatic graph for
// performance measurements and writes it through the store's real write
// path, so the data has the shape ingestion gives it: every event with its
// countries, people, place and REPORTED_IN provenance with a quote.
//
// The generator is deterministic: the same lexicon, seed and article count
// give the same articles, results and graph, whatever the batch size or the
// number of writers.
//
// News is skewed, and so is the data: countries and, within a country, its
// office holders are drawn from Zipf distributions, so a few countries and
// leaders appear far more often than the rest. Event dates rise with the
// article number over ten years (2015–2024), as a news archive does.
package bench

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/store"
)

// Options configure a generation run. The zero value of each field has a
// documented default.
type Options struct {
	// Articles to generate (default 10,000). At 100,000 the graph holds
	// about 60,000 meetings, 20,000 visits, 20,000 agreements and 2,000
	// partnership upgrades.
	Articles int
	// Seed of the random choices (0 is a valid seed).
	Seed uint64
	// Batch is how many articles one transaction writes (default 200).
	Batch int
	// Writers is how many transactions run at once (default 2).
	Writers int
	// Progress, when set, is called after each batch with the articles
	// written so far.
	Progress func(done int)
}

func (o Options) withDefaults() Options {
	if o.Articles <= 0 {
		o.Articles = 10_000
	}
	if o.Batch <= 0 {
		o.Batch = 200
	}
	if o.Writers <= 0 {
		o.Writers = 2
	}
	return o
}

// Stats says what a run generated and wrote.
type Stats struct {
	Articles, Meetings, Visits, Agreements, Upgrades int
	Took                                             time.Duration
}

// Rate is the articles written per second.
func (s Stats) Rate() float64 {
	if s.Took <= 0 {
		return 0
	}
	return float64(s.Articles) / s.Took.Seconds()
}

func (s Stats) String() string {
	return fmt.Sprintf("%d articles (%d meetings, %d visits, %d agreements, %d upgrades) in %s: %.0f articles/s",
		s.Articles, s.Meetings, s.Visits, s.Agreements, s.Upgrades, s.Took.Round(time.Millisecond), s.Rate())
}

// Generate writes opt.Articles generated articles to st through
// store.WriteArticles. Running it twice with the same seed changes nothing
// the second time: every write is a MERGE on a deterministic id.
func Generate(ctx context.Context, st *store.Store, lx *lexicon.Lexicon, opt Options) (Stats, error) {
	opt = opt.withDefaults()
	g, err := NewGenerator(lx, opt.Seed, opt.Articles)
	if err != nil {
		return Stats{}, err
	}
	start := time.Now()
	batches := make(chan []store.ArticleResult, opt.Writers)
	errc := make(chan error, opt.Writers)
	done := make(chan int, opt.Writers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range opt.Writers {
		go func() {
			for b := range batches {
				if err := st.WriteArticles(ctx, b, lx); err != nil {
					cancel()
					errc <- err
					// drain so the producer never blocks
					for range batches {
					}
					return
				}
				done <- len(b)
			}
			errc <- nil
		}()
	}
	// the producer: generation is sequential, hence deterministic
	go func() {
		defer close(batches)
		for written := 0; written < opt.Articles; {
			n := min(opt.Batch, opt.Articles-written)
			b := g.Batch(n)
			written += n
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	var errs []error
	total, finished := 0, 0
	for finished < opt.Writers {
		select {
		case n := <-done:
			total += n
			if opt.Progress != nil {
				opt.Progress(total)
			}
		case err := <-errc:
			finished++
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	// batches counted after the last writer finished
	for len(done) > 0 {
		total += <-done
	}
	s := g.Stats()
	s.Articles = total
	s.Took = time.Since(start)
	if err := errors.Join(errs...); err != nil {
		return s, fmt.Errorf("generate: %w", err)
	}
	return s, nil
}

// First and last day of the generated news.
var (
	firstDay = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
)

// prominent countries come first in the Zipf ranking, as in Middle East and
// Asia desks' news; the others follow by code.
var prominent = []string{"CN", "US", "RU", "SA", "AE", "EG", "QA", "TR", "IR", "FR", "GB", "DE", "IN", "JP",
	"JO", "KW", "OM", "BH", "IQ", "SY", "LB", "PS", "DZ", "MA", "TN", "LY", "SD", "PK", "KZ", "UZ",
	"KG", "TJ", "TM", "ID", "MY", "BR", "ZA", "NG", "ET", "KE", "IT", "ES", "KR"}

// story kinds and how often each begins a fresh story, tuned so that 100,000
// articles (30% of them a second report of a recent story) give about 60,000
// meetings, 20,000 visits, 20,000 agreements and 2,000 upgrades.
type storyKind int

const (
	talksOnly        storyKind = iota // a meeting
	visitWithTalks                    // a visit and the talks held during it
	talksAgreement                    // a meeting and an agreement signed at it
	talksUpgrade                      // a meeting, an agreement and a partnership upgrade
	agreementOnly                     // an agreement signed by ministers
	visitAnnounced                    // a visit announced
	rereportFraction = 0.30
)

var storyWeights = []float64{
	talksOnly:      0.4286,
	visitWithTalks: 0.2143,
	talksAgreement: 0.1857,
	talksUpgrade:   0.0286,
	agreementOnly:  0.0714,
	visitAnnounced: 0.0714,
}

var (
	meetingKinds   = []string{"talks", "talks", "talks", "meeting", "meeting", "phone_call", "phone_call", "reception"}
	visitKinds     = []string{"state", "official", "official", "working", "working", "unspecified"}
	agreementKinds = []string{"mou", "mou", "agreement", "agreement", "joint_statement", "joint_declaration", "cooperation_documents"}
	fields         = []string{"trade", "investment", "energy", "security", "defence", "education", "culture", "health",
		"agriculture", "tourism", "customs", "transport", "technology", "finance", "water", "space", "media"}
	outlets = []string{"Xinhua", "SPA", "WAM", "QNA", "MENA", "KUNA", "Petra", "SANA", "APS", "Anadolu", "TASS", "Kazinform"}
)

// headOffices rank the offices whose holders lead a country's delegation.
var headOffices = map[string]float64{
	"president": 1, "king": 1, "emir": 1, "sultan": 1, "queen": 0.6, "monarch": 0.6, "supreme_leader": 0.2,
	"head_of_state": 0.8, "general_secretary": 0.5, "chancellor": 0.9, "prime_minister": 0.7, "premier": 0.7,
	"crown_prince": 0.6, "vice_president": 0.3, "deputy_prime_minister": 0.2, "vice_premier": 0.2,
	"foreign_minister": 0.8, "defence_minister": 0.15, "speaker": 0.1,
}

type tenure struct {
	person *lexicon.Person
	office lexicon.Office
	weight float64
}

// Generator produces articles and what extraction would find in them, one
// at a time. It is not safe for concurrent use.
type Generator struct {
	lx        *lexicon.Lexicon
	rng       *rand.Rand
	n         int // articles to spread over the period
	seq       int // articles produced
	countries []string
	cdf       []float64 // Zipf cumulative weights over countries
	tenures   map[string][]tenure
	used      map[string]bool // event ids, so that fresh stories are distinct events
	levels    map[string]int  // dyad -> index in lx.Levels of its current level
	recent    []*story        // ring of recent fresh stories, for second reports
	stats     Stats
}

// NewGenerator returns a generator of articles spread evenly over ten years.
func NewGenerator(lx *lexicon.Lexicon, seed uint64, articles int) (*Generator, error) {
	g := &Generator{lx: lx, rng: rand.New(rand.NewPCG(seed, 0x6469706c6f677261)), n: max(articles, 1),
		tenures: map[string][]tenure{}, used: map[string]bool{}, levels: map[string]int{}}
	seen := map[string]bool{}
	for _, c := range prominent {
		if lc := lx.Countries[c]; lc != nil && !seen[c] {
			g.countries = append(g.countries, c)
			seen[c] = true
		}
	}
	var rest []string
	for code, c := range lx.Countries {
		if c.Kind == "country" && !seen[code] {
			rest = append(rest, code)
		}
	}
	slices.Sort(rest)
	g.countries = append(g.countries, rest...)
	if len(g.countries) < 2 {
		return nil, errors.New("generator: the lexicon has fewer than two countries")
	}
	g.cdf = zipfCDF(len(g.countries), 1.0)
	for _, id := range sortedKeys(lx.People) {
		p := lx.People[id]
		for _, o := range p.Offices {
			if w, ok := headOffices[o.Office]; ok {
				g.tenures[o.Country] = append(g.tenures[o.Country], tenure{p, o, w})
			}
		}
	}
	if len(lx.Levels) == 0 {
		return nil, errors.New("generator: the lexicon has no partnership levels")
	}
	return g, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// zipfCDF is the cumulative distribution of ranks 0..n-1 with weight
// 1/(rank+1)^s.
func zipfCDF(n int, s float64) []float64 {
	cdf := make([]float64, n)
	sum := 0.0
	for i := range n {
		sum += 1 / math.Pow(float64(i+1), s)
		cdf[i] = sum
	}
	for i := range cdf {
		cdf[i] /= sum
	}
	return cdf
}

func (g *Generator) country() string {
	i, _ := slices.BinarySearch(g.cdf, g.rng.Float64())
	return g.countries[min(i, len(g.countries)-1)]
}

// dyad draws two different countries, sorted.
func (g *Generator) dyad() [2]string {
	a := g.country()
	b := g.country()
	for b == a {
		b = g.country()
	}
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// leader draws who speaks for country on day: the holders of leading
// offices weighted by office, the most senior first in a Zipf order. It
// returns nil when the lexicon knows nobody in office.
func (g *Generator) leader(country, day string, ministers bool) *tenure {
	var on []tenure
	for _, t := range g.tenures[country] {
		if t.office.HoldsOn(day) && (!ministers || strings.HasSuffix(t.office.Office, "_minister")) {
			on = append(on, t)
		}
	}
	if len(on) == 0 {
		return nil
	}
	slices.SortStableFunc(on, func(a, b tenure) int { return cmp.Compare(b.weight, a.weight) })
	cdf := zipfCDF(len(on), 1.5)
	i, _ := slices.BinarySearch(cdf, g.rng.Float64())
	return &on[min(i, len(on)-1)]
}

func pick[T any](g *Generator, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// eventID is extract's id of an event: a hash of its kind and parts.
func eventID(kind string, parts ...string) string {
	h := sha256.Sum256([]byte(kind + "|" + strings.Join(parts, "|")))
	return kind + "-" + hex.EncodeToString(h[:8])
}

// story is what happened: the facts that one or more articles report.
type story struct {
	kind    storyKind
	day     string
	host    string // host country, or the first party
	guest   string
	hostP   *tenure
	guestP  *tenure
	place   string // place id
	meeting *extract.Meeting
	visit   *extract.Visit
	agree   *extract.Agreement
	upgrade *extract.Upgrade
	reports int
}

// Stats counts the distinct events generated so far.
func (g *Generator) Stats() Stats { return g.stats }

// Batch returns the next n articles with what they report, as
// store.WriteArticles takes them.
func (g *Generator) Batch(n int) []store.ArticleResult {
	b := make([]store.ArticleResult, n)
	for i := range b {
		a, r := g.Next()
		b[i] = store.ArticleResult{Article: a, Result: r}
	}
	return b
}

// Next returns the next article and what extraction finds in it.
func (g *Generator) Next() (store.Article, *extract.Result) {
	var s *story
	if len(g.recent) > 8 && g.rng.Float64() < rereportFraction {
		s = g.recent[g.rng.IntN(len(g.recent))]
	} else {
		s = g.fresh()
		if len(g.recent) < 64 {
			g.recent = append(g.recent, s)
		} else {
			g.recent[g.seq%64] = s
		}
	}
	s.reports++
	g.seq++
	g.stats.Articles++
	return g.render(s)
}

// today is the day of the article being generated.
func (g *Generator) today() time.Time {
	span := int(lastDay.Sub(firstDay).Hours() / 24)
	return firstDay.AddDate(0, 0, g.seq*span/g.n)
}

func (g *Generator) fresh() *story {
	r := g.rng.Float64()
	kind := talksOnly
	for k, w := range storyWeights {
		if r < w {
			kind = storyKind(k)
			break
		}
		r -= w
	}
	s := &story{kind: kind}
	var d [2]string
	for try := 0; ; try++ {
		d = g.dyad()
		day := g.today().AddDate(0, 0, -g.rng.IntN(2))
		s.day = day.Format(time.DateOnly)
		if kind == talksUpgrade && g.nextLevel(d) < 0 && try < 50 {
			continue // the pair is at the top of the scale
		}
		// a fresh story is a new event: another day if the pair already met
		if !g.used[eventID("meeting", d[0]+","+d[1], s.day)] || try >= 50 {
			break
		}
	}
	s.host, s.guest = d[0], d[1]
	if g.rng.IntN(2) == 0 {
		s.host, s.guest = s.guest, s.host
	}
	ministers := kind == agreementOnly
	s.hostP = g.leader(s.host, s.day, ministers)
	s.guestP = g.leader(s.guest, s.day, ministers)
	if c := g.lx.Countries[s.host]; c != nil && g.lx.Places[c.Capital] != nil {
		s.place = c.Capital
	}
	countries := []string{d[0], d[1]}

	switch kind {
	case visitWithTalks, visitAnnounced:
		v := &extract.Visit{VisitorCountry: s.guest, HostCountry: s.host, Kind: pick(g, visitKinds), Status: "made",
			Date: s.day, PlaceID: s.place, Confidence: 0.85}
		if kind == visitAnnounced {
			v.Status = "announced"
			v.PlaceID = ""
		}
		if s.guestP != nil {
			v.VisitorID, v.Visitor = s.guestP.person.ID, s.guestP.person.Name
		}
		v.ID = eventID("visit", v.VisitorCountry, v.HostCountry, s.day[:7])
		if g.used[v.ID] { // one visit a month per direction: the id says so
			v.ID = eventID("visit", v.VisitorCountry, v.HostCountry, s.day)
		}
		s.visit = v
		g.use(v.ID, &g.stats.Visits)
	}
	if kind == talksOnly || kind == visitWithTalks || kind == talksAgreement || kind == talksUpgrade {
		m := &extract.Meeting{Kind: pick(g, meetingKinds), Countries: countries, Date: s.day, Confidence: 0.9}
		if kind != talksOnly {
			m.Kind = "talks"
		}
		if m.Kind != "phone_call" {
			m.PlaceID = s.place
			if p := g.lx.Places[s.place]; p != nil {
				m.Place = p.Name
			}
		}
		for _, t := range []struct {
			p    *tenure
			c    string
			role string
		}{{s.hostP, s.host, "host"}, {s.guestP, s.guest, "guest"}} {
			if t.p == nil {
				m.Participants = append(m.Participants, extract.Participant{Country: t.c, Role: t.role})
				continue
			}
			m.People = append(m.People, t.p.person.ID)
			m.Participants = append(m.Participants, extract.Participant{ID: t.p.person.ID, Name: t.p.person.Name,
				Country: t.c, Office: t.p.office.Office, Role: t.role})
		}
		if s.visit != nil {
			m.PartOf = []string{s.visit.ID}
		}
		m.ID = eventID("meeting", strings.Join(countries, ","), s.day)
		s.meeting = m
		g.use(m.ID, &g.stats.Meetings)
	}
	if kind == talksAgreement || kind == talksUpgrade || kind == agreementOnly {
		a := &extract.Agreement{Kind: pick(g, agreementKinds), Countries: countries, Signed: true, Date: s.day, Confidence: 0.85}
		nf := 1 + g.rng.IntN(3)
		for _, i := range g.rng.Perm(len(fields))[:nf] {
			a.Fields = append(a.Fields, fields[i])
		}
		slices.Sort(a.Fields)
		// ministers sign; at a summit meeting the leaders witness
		for _, c := range []string{s.host, s.guest} {
			if t := g.leader(c, s.day, true); t != nil {
				a.Participants = append(a.Participants, extract.Participant{ID: t.person.ID, Name: t.person.Name, Country: c, Office: t.office.Office, Role: "signatory"})
			}
		}
		if s.meeting != nil {
			a.Meeting = s.meeting.ID
			for _, p := range s.meeting.Participants {
				if p.ID != "" && !slices.ContainsFunc(a.Participants, func(q extract.Participant) bool { return q.ID == p.ID }) {
					a.Participants = append(a.Participants, extract.Participant{ID: p.ID, Name: p.Name, Country: p.Country, Office: p.Office, Role: "witness"})
				}
			}
		}
		a.ID = eventID("agreement", a.Kind, strings.Join(countries, ","), s.day)
		for g.used[a.ID] {
			a.Kind = pick(g, agreementKinds)
			a.ID = eventID("agreement", a.Kind, strings.Join(countries, ","), s.day, fmt.Sprint(g.rng.IntN(1000)))
		}
		s.agree = a
		g.use(a.ID, &g.stats.Agreements)
	}
	if kind == talksUpgrade {
		if next := g.nextLevel(d); next >= 0 {
			key := d[0] + "," + d[1]
			lv := g.lx.Levels[next]
			u := &extract.Upgrade{Countries: countries, Level: lv.Name, LevelID: lv.ID, Rank: lv.Rank, Status: "announced",
				Date: s.day, Meeting: s.meeting.ID, Confidence: 0.9}
			if cur, ok := g.levels[key]; ok {
				p := g.lx.Levels[cur]
				u.PreviousLevel, u.PreviousLevelID, u.PreviousRank = p.Name, p.ID, p.Rank
			}
			g.levels[key] = next
			u.ID = eventID("upgrade", key, u.Level)
			s.upgrade = u
			g.use(u.ID, &g.stats.Upgrades)
		}
	}
	return s
}

func (g *Generator) use(id string, count *int) {
	if !g.used[id] {
		g.used[id] = true
		*count++
	}
}

// nextLevel is the index in lx.Levels of a level above the pair's current
// one, one or two steps up, or -1 at the top.
func (g *Generator) nextLevel(d [2]string) int {
	cur, ok := g.levels[d[0]+","+d[1]]
	if !ok {
		cur = -1
		if p, known := g.lx.KnownLevel(d[0], d[1], ""); known {
			cur = slices.IndexFunc(g.lx.Levels, func(l *lexicon.Level) bool { return l.ID == p.Level })
		}
	}
	// skip levels of the same rank: an upgrade raises the rank
	for i := cur + 1; i < len(g.lx.Levels); i++ {
		if cur < 0 || g.lx.Levels[i].Rank > g.lx.Levels[cur].Rank {
			return i
		}
	}
	return -1
}
