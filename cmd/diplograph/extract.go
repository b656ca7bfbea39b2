package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/lexicon"
)

func runExtract(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("extract", "[flags] FILE|-", stderr)
	lang := fs.String("lang", "auto", "language of the article: auto, ar or en")
	published := fs.String("published", "", "publication date YYYY-MM-DD, resolves «today» and weekdays")
	format := fs.String("format", "text", "output format: text, json, or explain (the phrases and actors recognised, sentence by sentence)")
	maxBytes := fs.Int64("max-article-bytes", envInt("DIPLOGRAPH_MAX_ARTICLE_BYTES", 2<<20), "largest article accepted, in bytes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("extract takes one FILE or -")
	}
	if *format != "text" && *format != "json" && *format != "explain" {
		return fmt.Errorf("unknown format %q (want text, json or explain)", *format)
	}
	src := fs.Arg(0)
	r := stdin
	if src != "-" {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	text, err := ingest.ReadText(r, src, *maxBytes)
	if err != nil {
		return err
	}
	lx, err := lexicon.Default()
	if err != nil {
		return fmt.Errorf("load lexicon: %w", err)
	}
	x := extract.New(lx)
	opt := extract.Options{Lang: *lang, Published: *published}
	if *format == "explain" {
		out, err := x.Explain(text, opt)
		if err != nil {
			return fmt.Errorf("extract %s: %w", src, err)
		}
		_, err = io.WriteString(stdout, out)
		return err
	}
	res, err := x.Extract(text, opt)
	if err != nil {
		return fmt.Errorf("extract %s: %w", src, err)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	return writeSummary(stdout, res, lx)
}

// writeSummary prints an extraction for a person to read.
func writeSummary(w io.Writer, r *extract.Result, lx *lexicon.Lexicon) error {
	name := func(code string) string {
		if c := lx.Countries[code]; c != nil {
			return c.Name
		}
		return code
	}
	names := func(codes []string) string {
		out := make([]string, len(codes))
		for i, c := range codes {
			out[i] = name(c)
		}
		return strings.Join(out, ", ")
	}
	orDash := func(s string) string {
		if s == "" {
			return "date unknown"
		}
		return s
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Language: %s", r.Lang)
	if r.Dateline != nil {
		fmt.Fprintf(&b, "; dateline %q (%s %s)", r.Dateline.Text, r.Dateline.Place, r.Dateline.Date)
	}
	b.WriteString("\n")
	if r.Empty() {
		b.WriteString("\nNo diplomatic events found.\n")
	}
	quote := func(evs []extract.Evidence) {
		if len(evs) > 0 {
			q := []rune(evs[0].Quote)
			if len(q) > 160 {
				q = append(q[:157], []rune("…")...)
			}
			fmt.Fprintf(&b, "      «%s» [%d:%d]\n", string(q), evs[0].Start, evs[0].End)
		}
	}
	section := func(title string, n int) {
		if n > 0 {
			fmt.Fprintf(&b, "\n%s (%d)\n", title, n)
		}
	}
	section("Meetings", len(r.Meetings))
	for _, m := range r.Meetings {
		fmt.Fprintf(&b, "  - %s, %s, %s", m.Kind, orDash(m.Date), names(m.Countries))
		if m.Place != "" {
			fmt.Fprintf(&b, ", in %s", m.Place)
		}
		b.WriteString("\n")
		for _, p := range m.Participants {
			who := p.Name
			if who == "" {
				who = p.Office + " of " + name(p.Country)
			}
			fmt.Fprintf(&b, "      %s (%s)\n", who, p.Role)
		}
		quote(m.Evidence)
	}
	section("Visits", len(r.Visits))
	for _, v := range r.Visits {
		who := v.Visitor
		if who == "" {
			who = name(v.VisitorCountry)
		}
		fmt.Fprintf(&b, "  - %s visit (%s) by %s to %s, %s\n", v.Kind, v.Status, who, name(v.HostCountry), orDash(v.Date))
		quote(v.Evidence)
	}
	section("Summits", len(r.Summits))
	for _, s := range r.Summits {
		fmt.Fprintf(&b, "  - %s, %s\n", s.Name, s.Place)
	}
	section("Agreements", len(r.Agreements))
	for _, a := range r.Agreements {
		fmt.Fprintf(&b, "  - %s between %s", strings.ReplaceAll(a.Kind, "_", " "), names(a.Countries))
		if len(a.Fields) > 0 {
			fmt.Fprintf(&b, " on %s", strings.Join(a.Fields, ", "))
		}
		b.WriteString("\n")
		quote(a.Evidence)
	}
	section("Partnership upgrades", len(r.PartnershipUpgrades))
	for _, u := range r.PartnershipUpgrades {
		fmt.Fprintf(&b, "  - %s to %q (rank %d), %s\n", names(u.Countries), u.Level, u.Rank, u.Status)
		quote(u.Evidence)
	}
	section("Statements", len(r.Statements))
	for _, s := range r.Statements {
		switch s.Kind {
		case "relations_established":
			fmt.Fprintf(&b, "  - relations between %s established in %d\n", names(s.Countries), s.Year)
		case "project":
			fmt.Fprintf(&b, "  - project %s (%s)\n", s.Object, names(s.Countries))
		default:
			fmt.Fprintf(&b, "  - %s %s %s %s\n", name(s.Subject), s.Kind, s.Object, strings.Join(s.Topics, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
