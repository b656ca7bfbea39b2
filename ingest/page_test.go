package ingest_test

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/diplograph/diplograph/ingest"
)

func TestPageDocument(t *testing.T) {
	body, err := os.ReadFile("testdata/talks-ankara.html")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := url.Parse("https://news.example.org/world/prabowo-erdogan-talks-2025?ref=home&utm_campaign=x")
	doc, err := ingest.PageDocument(body, "text/html; charset=utf-8", page, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://news.example.org/world/prabowo-erdogan-talks"; doc.URL != want {
		t.Errorf("URL %q, want the canonical link %q", doc.URL, want)
	}
	if doc.Title != "Prabowo and Erdogan hold talks in Ankara" || doc.Lang != "en" || doc.Outlet != "Anatolia Daily" || doc.Published != "2025-04-03" {
		t.Errorf("metadata: title %q lang %q outlet %q published %q", doc.Title, doc.Lang, doc.Outlet, doc.Published)
	}
	for _, want := range []string{"Indonesian President Prabowo Subianto held talks", "defence industry cooperation", "10 billion dollars."} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, doc.Text)
		}
	}
	for _, noise := range []string{"Sign in", "All rights reserved", "Markets close higher", "<p>"} {
		if strings.Contains(doc.Text, noise) {
			t.Errorf("text keeps %q from around the article:\n%s", noise, doc.Text)
		}
	}
	// paragraphs stay apart, so that sentences do not run together
	if !strings.Contains(doc.Text, "joint statement.\n") {
		t.Errorf("paragraphs run together:\n%s", doc.Text)
	}
}

func TestPageDocumentRefusesNonArticles(t *testing.T) {
	page, _ := url.Parse("https://news.example.org/empty")
	tests := []struct {
		name string
		body string
	}{
		{"no-text", "<html><body><nav><a href='/'>Home</a></nav></body></html>"},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if doc, err := ingest.PageDocument([]byte(tt.body), "text/html", page, 1<<20); err == nil {
				t.Errorf("accepted, text %q", doc.Text)
			}
		})
	}
}
