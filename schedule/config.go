// Package schedule runs ingestion jobs on their schedules: it reads the
// jobs file, fires each job on its ticks, makes sure that one scheduler
// among replicas runs a job per tick (a lease in Neo4j), records each run
// and its failures in the graph and counts them for Prometheus.
package schedule

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/robfig/cron/v3"
)

// Config is a parsed jobs file.
type Config struct {
	Jobs []Job
}

// A Job is one source ingested on a schedule.
type Job struct {
	Name        string
	Spec        string        // the schedule as written
	Schedule    cron.Schedule // when it fires
	Source      SourceConfig
	Lang        string // "ar", "en", or "" to detect
	Outlet      string
	MaxItems    int           // items read per run
	MaxBytes    int64         // largest response or file accepted
	Timeout     time.Duration // of a whole run
	Concurrency int           // items read and ingested at once
}

// SourceConfig says where a job reads.
type SourceConfig struct {
	Type string   // feed, folder, urls or page
	URL  string   // feed, page
	Path string   // folder; relative paths are relative to the jobs file
	URLs []string // urls
}

// Defaults of the limits of a job.
const (
	DefaultMaxItems    = 100
	DefaultMaxBytes    = 5 << 20
	DefaultTimeout     = 10 * time.Minute
	DefaultConcurrency = 2
)

// A ConfigError is one problem of a jobs file, at a line, in a field.
type ConfigError struct {
	File  string
	Line  int
	Field string // e.g. jobs[1].schedule; empty for the file as a whole
	Msg   string
}

func (e ConfigError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// ConfigErrors are all the problems of a jobs file, in file order.
type ConfigErrors []ConfigError

func (es ConfigErrors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Load reads and checks the jobs file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("jobs file: %w", err)
	}
	return Parse(path, data)
}

// Parse checks a whole jobs file and returns every problem found at once
// as ConfigErrors. name is the file's path, for messages and for folders
// given relative to it.
func Parse(name string, data []byte) (*Config, error) {
	c := &checker{file: name, dir: filepath.Dir(name)}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		var ye yaml.Error
		line := 1
		msg := err.Error()
		if errors.As(err, &ye) {
			msg = ye.GetMessage()
			if tk := ye.GetToken(); tk != nil && tk.Position != nil {
				line = tk.Position.Line
			}
		}
		return nil, ConfigErrors{{File: name, Line: line, Msg: "YAML: " + msg}}
	}
	cfg := &Config{}
	var body ast.Node
	if len(f.Docs) > 0 {
		body = f.Docs[0].Body
	}
	if len(f.Docs) > 1 {
		c.errAt(f.Docs[1], "", "one YAML document expected, found %d", len(f.Docs))
	}
	root, ok := unwrap(body).(*ast.MappingNode)
	if !ok {
		c.errs = append(c.errs, ConfigError{File: name, Line: line(body), Msg: "want a mapping with a `jobs` list"})
		return nil, c.errs
	}
	var jobs *ast.MappingValueNode
	for _, mv := range root.Values {
		switch k := key(mv); k {
		case "jobs":
			jobs = mv
		default:
			c.errAt(mv.Key, k, "unknown field (want jobs)")
		}
	}
	if jobs == nil {
		c.errAt(root, "", "no `jobs` list")
		return nil, c.errs
	}
	seq, ok := unwrap(jobs.Value).(*ast.SequenceNode)
	switch {
	case !ok:
		c.errAt(jobs.Value, "jobs", "want a list of jobs")
	case len(seq.Values) == 0:
		c.errAt(jobs.Value, "jobs", "no jobs")
	}
	names := map[string]int{}
	if seq != nil {
		for i, n := range seq.Values {
			j, ok := c.job(fmt.Sprintf("jobs[%d]", i), n)
			if first, dup := names[j.Name]; dup && j.Name != "" {
				c.errAt(n, fmt.Sprintf("jobs[%d].name", i), "%q: the same name as jobs[%d]", j.Name, first)
			} else if j.Name != "" {
				names[j.Name] = i
			}
			if ok {
				cfg.Jobs = append(cfg.Jobs, j)
			}
		}
	}
	if len(c.errs) > 0 {
		slices.SortStableFunc(c.errs, func(a, b ConfigError) int { return a.Line - b.Line })
		return nil, c.errs
	}
	return cfg, nil
}

type checker struct {
	file string
	dir  string
	errs ConfigErrors
}

func (c *checker) errAt(n ast.Node, field, format string, args ...any) {
	c.errs = append(c.errs, ConfigError{File: c.file, Line: line(n), Field: field, Msg: fmt.Sprintf(format, args...)})
}

func line(n ast.Node) int {
	if n == nil {
		return 1
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 1
}

// unwrap looks through tags and anchors to the value.
func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		case *ast.DocumentNode:
			n = v.Body
		default:
			return n
		}
	}
}

func key(mv *ast.MappingValueNode) string {
	if s, ok := scalar(mv.Key); ok {
		return s
	}
	return mv.Key.String()
}

// scalar returns a scalar's text; false for mappings, lists and aliases.
func scalar(n ast.Node) (string, bool) {
	switch v := unwrap(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return strings.TrimSpace(v.Value.Value), true
	case *ast.NullNode:
		return "", true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, true
	}
	return "", false
}

var jobFields = []string{"name", "schedule", "every", "interval", "source", "lang", "outlet", "max_items", "max_bytes", "timeout", "concurrency"}

var jobName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (c *checker) job(path string, n ast.Node) (Job, bool) {
	j := Job{MaxItems: DefaultMaxItems, MaxBytes: DefaultMaxBytes, Timeout: DefaultTimeout, Concurrency: DefaultConcurrency}
	m, ok := unwrap(n).(*ast.MappingNode)
	if !ok {
		c.errAt(n, path, "want a mapping with name, schedule and source")
		return j, false
	}
	before := len(c.errs)
	var sched, every *ast.MappingValueNode
	var source *ast.MappingValueNode
	var name *ast.MappingValueNode
	for _, mv := range m.Values {
		k := key(mv)
		field := path + "." + k
		switch k {
		case "name":
			name = mv
			j.Name = c.str(field, mv.Value)
		case "schedule":
			sched = mv
		case "every", "interval":
			if every != nil {
				c.errAt(mv.Key, field, "given with %s: give one", key(every))
			}
			every = mv
		case "source":
			source = mv
		case "lang":
			switch v := c.str(field, mv.Value); v {
			case "ar", "en":
				j.Lang = v
			case "auto", "":
			default:
				c.errAt(mv.Value, field, "%q: want auto, ar or en", v)
			}
		case "outlet":
			j.Outlet = c.str(field, mv.Value)
		case "max_items":
			j.MaxItems = c.positive(field, mv.Value)
		case "concurrency":
			j.Concurrency = c.positive(field, mv.Value)
		case "max_bytes":
			s := c.str(field, mv.Value)
			b, err := parseSize(s)
			if err != nil {
				c.errAt(mv.Value, field, "%q: %v", s, err)
			}
			j.MaxBytes = b
		case "timeout":
			s := c.str(field, mv.Value)
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				c.errAt(mv.Value, field, "%q: not a positive duration such as 90s or 10m", s)
			}
			j.Timeout = d
		default:
			c.errAt(mv.Key, field, "unknown field (want one of %s)", strings.Join(jobFields, ", "))
		}
	}
	switch {
	case name == nil:
		c.errAt(n, path+".name", "missing")
	case j.Name == "":
		if _, ok := scalar(name.Value); ok { // else str said what is wrong
			c.errAt(name.Value, path+".name", "empty")
		}
	case !jobName.MatchString(j.Name):
		// names label metrics and runs: keep them to one plain word
		c.errAt(name.Value, path+".name", "%q: want letters, digits, '.', '_' or '-'", j.Name)
	}
	switch {
	case sched != nil && every != nil:
		c.errAt(every.Key, path+"."+key(every), "given with schedule: give one")
	case sched != nil:
		j.Spec, j.Schedule = c.schedule(path+".schedule", sched.Value)
	case every != nil:
		field := path + "." + key(every)
		s := c.str(field, every.Value)
		if d, err := time.ParseDuration(s); err != nil || d < time.Second {
			c.errAt(every.Value, field, "%q: not a duration of a second or more such as 10m", s)
		} else {
			j.Spec, j.Schedule = "every "+s, Every(d)
		}
	default:
		c.errAt(n, path+".schedule", "missing (a cron expression such as \"*/15 * * * *\", or every: 10m)")
	}
	if source == nil {
		c.errAt(n, path+".source", "missing (type: feed, folder, urls or page)")
	} else {
		j.Source = c.source(path+".source", source.Value)
	}
	return j, len(c.errs) == before
}

// schedule reads a schedule given as a string (a cron expression, a
// descriptor such as @hourly, "every 10m", "@every 10m" or "10m") or as a
// mapping {every: 10m} or {cron: "..."}.
func (c *checker) schedule(field string, n ast.Node) (string, cron.Schedule) {
	if m, ok := unwrap(n).(*ast.MappingNode); ok {
		if len(m.Values) != 1 {
			c.errAt(n, field, "want one of every, interval or cron")
			return "", nil
		}
		mv := m.Values[0]
		k := key(mv)
		s := c.str(field+"."+k, mv.Value)
		switch k {
		case "every", "interval":
			s = "every " + s
		case "cron":
		default:
			c.errAt(mv.Key, field+"."+k, "unknown field (want every, interval or cron)")
			return "", nil
		}
		sched, err := ParseSchedule(s)
		if err != nil {
			c.errAt(mv.Value, field+"."+k, "%v", err)
		}
		return s, sched
	}
	s, ok := scalar(n)
	if !ok {
		c.errAt(n, field, "want a cron expression or an interval")
		return "", nil
	}
	sched, err := ParseSchedule(s)
	if err != nil {
		c.errAt(n, field, "%v", err)
	}
	return s, sched
}

var sourceFields = map[string][]string{
	"feed":   {"type", "url"},
	"page":   {"type", "url"},
	"urls":   {"type", "urls"},
	"folder": {"type", "path"},
}

func (c *checker) source(path string, n ast.Node) SourceConfig {
	var s SourceConfig
	m, ok := unwrap(n).(*ast.MappingNode)
	if !ok {
		c.errAt(n, path, "want a mapping with type and url, urls or path")
		return s
	}
	vals := map[string]*ast.MappingValueNode{}
	for _, mv := range m.Values {
		vals[key(mv)] = mv
	}
	t, ok := vals["type"]
	if !ok {
		c.errAt(n, path+".type", "missing (feed, folder, urls or page)")
		return s
	}
	s.Type = c.str(path+".type", t.Value)
	want, known := sourceFields[s.Type]
	if !known {
		c.errAt(t.Value, path+".type", "%q: want feed, folder, urls or page", s.Type)
		return s
	}
	for _, mv := range m.Values {
		if k := key(mv); !slices.Contains(want, k) {
			c.errAt(mv.Key, path+"."+k, "not a field of a %s source (want %s)", s.Type, strings.Join(want, ", "))
		}
	}
	for _, k := range want[1:] {
		if _, ok := vals[k]; !ok {
			c.errAt(n, path+"."+k, "missing for a %s source", s.Type)
			return s
		}
	}
	switch s.Type {
	case "feed", "page":
		mv := vals["url"]
		s.URL = c.url(path+".url", mv.Value)
	case "urls":
		mv := vals["urls"]
		seq, ok := unwrap(mv.Value).(*ast.SequenceNode)
		if !ok || len(seq.Values) == 0 {
			c.errAt(mv.Value, path+".urls", "want a list of URLs")
			return s
		}
		for i, u := range seq.Values {
			if v := c.url(fmt.Sprintf("%s.urls[%d]", path, i), u); v != "" {
				s.URLs = append(s.URLs, v)
			}
		}
	case "folder":
		mv := vals["path"]
		p := c.str(path+".path", mv.Value)
		if p == "" {
			c.errAt(mv.Value, path+".path", "empty")
			return s
		}
		// Whether the folder exists is checked by each run, not here: a
		// folder mounted later, or gone for a while, fails its own job's
		// runs and not the scheduler.
		if !filepath.IsAbs(p) {
			p = filepath.Join(c.dir, p)
		}
		s.Path = p
	}
	return s
}

func (c *checker) str(field string, n ast.Node) string {
	s, ok := scalar(n)
	if !ok {
		c.errAt(n, field, "want a single value, not a %s", strings.ToLower(unwrap(n).Type().String()))
	}
	return strings.TrimSpace(s)
}

func (c *checker) positive(field string, n ast.Node) int {
	s := c.str(field, n)
	v, err := strconv.Atoi(s)
	if err != nil || v <= 0 {
		c.errAt(n, field, "%q: want a whole number above 0", s)
	}
	return v
}

func (c *checker) url(field string, n ast.Node) string {
	s := c.str(field, n)
	if s == "" {
		c.errAt(n, field, "empty")
		return ""
	}
	if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
		c.errAt(n, field, "%q: not an http or https URL", s)
		return ""
	}
	return s
}

// ParseSchedule reads a cron expression (five fields, or a descriptor such
// as @hourly or @daily, optionally after CRON_TZ=Zone) or an interval
// ("every 10m", "@every 10m", "10m").
func ParseSchedule(spec string) (cron.Schedule, error) {
	s := strings.TrimSpace(spec)
	iv := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "@every"), "every"))
	if d, err := time.ParseDuration(iv); err == nil {
		if d < time.Second {
			return nil, fmt.Errorf("%q: an interval of less than a second", spec)
		}
		return Every(d), nil
	}
	if !strings.HasPrefix(s, "@every") && !strings.HasPrefix(s, "every") {
		if sched, err := cron.ParseStandard(s); err == nil {
			return sched, nil
		}
	}
	return nil, fmt.Errorf("%q: not a cron expression or duration", spec)
}

// Every is an interval schedule whose ticks fall on multiples of d since
// the zero time, not d after the scheduler started: replicas started at
// different moments then agree on the ticks, which is what lets the lease
// tell them apart per tick. cron's own @every counts from the start.
func Every(d time.Duration) cron.Schedule { return every(d) }

type every time.Duration

func (e every) Next(t time.Time) time.Time {
	d := time.Duration(e)
	return t.Truncate(d).Add(d)
}

// parseSize reads a size in bytes: 1048576, 512KiB, 2MiB, 1MB.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}}
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if strings.HasSuffix(num, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return 0, errors.New("want a size above 0 such as 2MiB or 500000")
	}
	return n * mult, nil
}
