// Package ingest reads articles from files and folders (plain text,
// Markdown, HTML, JSON Lines, each optionally gzipped), sniffs their metadata
// (date, title, source, dateline) and feeds them through an extractor into a
// store, one named graph per document.
package ingest

import "time"

// Document is one article as read from its file, with the metadata sniffed
// from it. Its ID is stable across runs: the JSON Lines "id" field, else the
// path relative to the input root (slash-separated), or the base name when
// the file itself was the input (see Reader).
type Document struct {
	// ID identifies the document; it names the document's graph.
	ID string
	// Origin names where the document came from for messages: the file path,
	// with ":LINE" for JSON Lines records.
	Origin string
	// Title is the headline, "" when none was found.
	Title string
	// Published is the publication date (UTC midnight), zero when unknown.
	Published time.Time
	// Source is the agency or outlet named by the article or its record
	// ("Xinhua", "Reuters"), "" when unknown.
	Source string
	// URL is the article's address when the input gives one.
	URL string
	// Dateline is the dateline that opens the body, if any.
	Dateline Dateline
	// Text is the body: paragraphs separated by blank lines, with metadata
	// lines and the dateline prefix removed, hard-wrapped lines re-joined.
	Text string
	// Hash is the hex BLAKE2b-256 of the document's content (every field above
	// but Origin: ID, title, date, source, URL, dateline and normalized
	// text); a changed hash means a changed document.
	Hash string
}

// Dateline is the "PLACE, Date (Agency) --" prefix of a wire story.
type Dateline struct {
	// Raw is the dateline as written, without its trailing dash
	// ("GYEONGJU, South Korea, Nov. 1 (Xinhua)").
	Raw string
	// Place is the place part as written ("GYEONGJU, South Korea",
	// "MOSCOW"), "" when the dateline names none.
	Place string
	// Date is the dateline's date with the year resolved against Published
	// (the nearest such date), zero when the dateline has none.
	Date time.Time
	// Agency is the agency in parentheses ("Xinhua", "Reuters"), "" if none.
	Agency string
}
