package extract

import (
	"fmt"
	"strings"
)

// Explain lists, sentence by sentence, the phrases the extractor recognised
// and the actors it resolved: the first thing to read when an article gives
// a surprising result.
func (x *Extractor) Explain(text string, opt Options) (string, error) {
	if opt.Lang == "" || opt.Lang == "auto" {
		lang, err := DetectLang(x.lx, text)
		if err != nil {
			return "", err
		}
		opt.Lang = lang
	}
	d := newDoc(x.lx, text, opt.Lang, opt)
	d.findDateline()
	d.findActors()
	var b strings.Builder
	fmt.Fprintf(&b, "reference day: %q\n", d.ref)
	for s, sn := range d.sents {
		fmt.Fprintf(&b, "\n[%d] %s\n", s, d.text[sn.Start:sn.End])
		for _, i := range d.sentMents[s] {
			m := d.ments[i]
			var es []string
			for _, e := range m.Entries {
				es = append(es, fmt.Sprintf("%s:%s%s", e.Type, e.ID, map[bool]string{true: "/" + e.Flag, false: ""}[e.Flag != ""]))
			}
			fmt.Fprintf(&b, "    %q %s\n", d.between(m.First, m.Last), strings.Join(es, " "))
		}
		for _, a := range d.actors[s] {
			fmt.Fprintf(&b, "  actor %q person=%s office=%s country=%s visiting=%v\n", d.between(a.first, a.last), a.id(), a.office, a.country, a.visiting)
		}
		if date := d.sentenceDate(s); date != "" {
			fmt.Fprintf(&b, "  date %s\n", date)
		}
	}
	return b.String(), nil
}
