package schedule_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/diplograph/diplograph/schedule"
)

func TestConfigErrorsNameLineAndField(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // every error, in order
	}{
		{"bad-interval", "jobs:\n  - name: a\n    schedule: \"every 5x\"\n    source: {type: page, url: \"https://x.example/\"}\n",
			[]string{`jobs.yaml:3: jobs[0].schedule: "every 5x": not a cron expression or duration`}},
		{"cron-with-three-fields", "jobs:\n  - name: a\n    schedule: \"* * *\"\n    source: {type: page, url: \"https://x.example/\"}\n",
			[]string{`jobs.yaml:3: jobs[0].schedule: "* * *": not a cron expression or duration`}},
		{"no-schedule", "jobs:\n  - name: a\n    source: {type: page, url: \"https://x.example/\"}\n",
			[]string{`jobs.yaml:2: jobs[0].schedule: missing`}},
		{"schedule-and-every", "jobs:\n  - name: a\n    schedule: \"@daily\"\n    every: 1h\n    source: {type: page, url: \"https://x.example/\"}\n",
			[]string{`jobs.yaml:4: jobs[0].every: given with schedule: give one`}},
		{"unknown-source-type", "jobs:\n  - name: a\n    every: 1h\n    source:\n      type: rss\n      url: https://x.example/\n",
			[]string{`jobs.yaml:5: jobs[0].source.type: "rss": want feed, folder, urls or page`}},
		{"field-of-another-source", "jobs:\n  - name: a\n    every: 1h\n    source:\n      type: folder\n      path: in\n      url: https://x.example/\n",
			[]string{`jobs.yaml:7: jobs[0].source.url: not a field of a folder source (want type, path)`}},
		{"url-not-http", "jobs:\n  - name: a\n    every: 1h\n    source: {type: feed, url: \"file:///etc/passwd\"}\n",
			[]string{`jobs.yaml:4: jobs[0].source.url: "file:///etc/passwd": not an http or https URL`}},
		{"misspelt-field", "jobs:\n  - name: a\n    every: 1h\n    source: {type: page, url: \"https://x.example/\"}\n    max_item: 3\n",
			[]string{`jobs.yaml:5: jobs[0].max_item: unknown field`}},
		{"bad-limits", "jobs:\n  - name: a\n    every: 1h\n    source: {type: page, url: \"https://x.example/\"}\n    max_bytes: lots\n    timeout: soon\n    concurrency: 0\n",
			[]string{`jobs.yaml:5: jobs[0].max_bytes: "lots"`, `jobs.yaml:6: jobs[0].timeout: "soon": not a positive duration`, `jobs.yaml:7: jobs[0].concurrency: "0": want a whole number above 0`}},
		{"list-for-a-string", "jobs:\n  - name: [a, b]\n    every: 1h\n    source: {type: page, url: \"https://x.example/\"}\n",
			[]string{`jobs.yaml:2: jobs[0].name: want a single value, not a sequence`}},
		{"duplicate-names", "jobs:\n  - name: a\n    every: 1h\n    source: {type: page, url: \"https://x.example/\"}\n  - name: a\n    every: 2h\n    source: {type: page, url: \"https://x.example/\"}\n",
			[]string{`jobs.yaml:5: jobs[1].name: "a": the same name as jobs[0]`}},
		{"no-jobs", "job:\n  - name: a\n", []string{`jobs.yaml:1: job: unknown field (want jobs)`, `jobs.yaml:1: no ` + "`jobs`"}},
		{"yaml-syntax", "jobs:\n  - name: a\n   every: 1h\n", []string{`jobs.yaml:3: YAML: `}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := schedule.Parse("jobs.yaml", []byte(tt.yaml))
			var errs schedule.ConfigErrors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v, want ConfigErrors", err)
			}
			if len(errs) != len(tt.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(errs), len(tt.want), err)
			}
			for i, e := range errs {
				if !strings.HasPrefix(e.Error(), tt.want[i]) {
					t.Errorf("error %d:\n got %s\nwant %s…", i, e, tt.want[i])
				}
			}
		})
	}
}

func TestConfigReportsEveryErrorAtOnce(t *testing.T) {
	data, err := os.ReadFile("testdata/jobs-bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = schedule.Parse("jobs.yaml", data)
	want := []string{
		`jobs.yaml:6: jobs[1].schedule: "every 5x": not a cron expression or duration`,
		`jobs.yaml:8: jobs[1].source.type: "fed": want feed, folder, urls or page`,
		`jobs.yaml:10: jobs[1].lang: "fr": want auto, ar or en`,
		`jobs.yaml:11: jobs[1].max_items: "-1": want a whole number above 0`,
		`jobs.yaml:12: jobs[1].timout: unknown field`,
		`jobs.yaml:13: jobs[2].name: "ok-job": the same name as jobs[0]`,
		`jobs.yaml:15: jobs[2].interval: given with every: give one`,
		`jobs.yaml:16: jobs[2].source.urls[1]: "nope": not an http or https URL`,
		`jobs.yaml:17: jobs[3].name: missing`,
		`jobs.yaml:17: jobs[3].schedule: "* * *": not a cron expression or duration`,
		`jobs.yaml:18: jobs[3].source.path: missing for a folder source`,
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(lines), len(want), err)
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("error %d:\n got %s\nwant %s…", i, lines[i], want[i])
		}
	}
}

func TestConfigAcceptsEveryForm(t *testing.T) {
	cfg, err := schedule.Load("testdata/jobs-good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Jobs) != 6 {
		t.Fatalf("%d jobs, want 6", len(cfg.Jobs))
	}
	j := cfg.Jobs[3]
	abs, _ := filepath.Abs("testdata/inbox")
	if got, _ := filepath.Abs(j.Source.Path); got != abs || j.Lang != "ar" || j.Outlet != "Xinhua" || j.MaxItems != 5 ||
		j.MaxBytes != 512<<10 || j.Timeout != 90*time.Second || j.Concurrency != 4 {
		t.Errorf("every-key job: %+v", j)
	}
	if d := cfg.Jobs[0]; d.MaxItems != schedule.DefaultMaxItems || d.Timeout != schedule.DefaultTimeout || d.Concurrency != schedule.DefaultConcurrency {
		t.Errorf("defaults not applied: %+v", d)
	}
	if _, err := schedule.Load("../deploy/jobs.example.yaml"); err != nil {
		t.Errorf("the example jobs file: %v", err)
	}
}

func TestSchedules(t *testing.T) {
	at := time.Date(2026, 11, 27, 10, 7, 30, 0, time.UTC)
	tests := []struct {
		spec string
		want time.Time
	}{
		{"every 10m", time.Date(2026, 11, 27, 10, 10, 0, 0, time.UTC)},
		{"@every 1h", time.Date(2026, 11, 27, 11, 0, 0, 0, time.UTC)},
		{"30s", time.Date(2026, 11, 27, 10, 8, 0, 0, time.UTC)},
		{"*/15 * * * *", time.Date(2026, 11, 27, 10, 15, 0, 0, time.UTC)},
		{"@daily", time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)},
		{"0 8 * * *", time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s, err := schedule.ParseSchedule(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(at); !got.Equal(tt.want) {
				t.Errorf("next after %s: %s, want %s", at, got, tt.want)
			}
		})
	}
	// intervals fall on round times, so replicas started apart agree on ticks
	s := schedule.Every(10 * time.Minute)
	if a, b := s.Next(at), s.Next(at.Add(-5*time.Minute)); !a.Equal(b) {
		t.Errorf("schedulers started 5 minutes apart disagree: %s and %s", a, b)
	}
}
