package session

// Reviews: what a coach or a friend made of a session in the page
// `mockround export` writes, saved there as a small JSON file and merged
// back with `mockround review --import`. They sit beside the candidate's
// own ratings and notes, never over them, one per reviewer.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Review file limits.
const (
	ReviewFormat     = 1                  // the format number the page writes
	ReviewKind       = "mockround-review" // what the file says it is
	MaxReviewBytes   = 1 << 20            // a review file larger than this is refused
	MaxReviewerRunes = 80
	MaxCommentRunes  = 2000
	MaxReviewNotes   = 20000 // runes of general notes
	MaxComments      = 500   // per take
	// commentSlackS is how far past a take's end a comment may sit: the
	// page's player may report a few milliseconds more than the take.
	commentSlackS = 0.05
)

// Review is one reviewer's ratings and comments on a session's takes.
type Review struct {
	Reviewer string       `json:"reviewer"`
	Saved    string       `json:"saved,omitempty"` // when the page saved it (RFC 3339), as the reviewer's clock said
	Notes    string       `json:"notes,omitempty"` // general notes on the session
	Takes    []ReviewTake `json:"takes"`
}

// ReviewTake is a reviewer's rating of one take and their comments on it.
type ReviewTake struct {
	Position int       `json:"position"` // the question's place in the plan
	Take     int       `json:"take"`
	FollowUp bool      `json:"follow_up,omitempty"` // a take of the question's follow-up
	Rating   int       `json:"rating,omitempty"`    // 1–5, 0 when not rated
	Comments []Comment `json:"comments,omitempty"`
}

// Comment is pinned to a moment of a take.
type Comment struct {
	AtS  float64 `json:"at_s"`
	Text string  `json:"text"`
}

// reviewFile is the file the page saves.
type reviewFile struct {
	Format  int    `json:"format"`
	Kind    string `json:"kind"`
	Session string `json:"session"`
	Review
}

// ReviewError is a review file mockround refuses: which file, where in it,
// what is wrong, and what to do.
type ReviewError struct {
	File, Place, Problem, Next string
}

func (e *ReviewError) Error() string {
	s := e.File
	if e.Place != "" {
		s += ": " + e.Place
	}
	s += ": " + e.Problem
	if e.Next != "" {
		s += "; " + e.Next
	}
	return s
}

// askAgain is the next step for a file the page could not have written.
const askAgain = "ask the reviewer to save the review again from the page that mockround export wrote"

// ReviewSession returns the session id a review file names, or "" when it
// names none (the full check is ParseReview's).
func ReviewSession(data []byte) string {
	var f struct {
		Session string `json:"session"`
	}
	if json.Unmarshal(data, &f) != nil || !validID(f.Session) {
		return ""
	}
	return f.Session
}

// validID reports whether s looks like a session id: letters, digits and
// dashes, nothing that could reach outside the sessions directory.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}

// ParseReview decodes and checks the review file named file against the
// session rec: the format, the session id, every take it names, every
// rating, every comment's time (within the take) and text. The first
// problem is a *ReviewError.
func ParseReview(file string, data []byte, rec *Record) (*Review, error) {
	bad := reviewFault(file)
	f, err := decodeReviewFile(file, data, rec, bad)
	if err != nil {
		return nil, err
	}
	rv := f.Review
	if err := checkReviewText(&rv, bad); err != nil {
		return nil, err
	}
	if err := checkReviewTakes(rv.Takes, rec, bad); err != nil {
		return nil, err
	}
	rv.normalise()
	return &rv, nil
}

// faultFunc makes the *ReviewError for a problem at place in a review
// file, with the next step to take.
type faultFunc func(place, next, format string, args ...any) error

// reviewFault returns the faultFunc of the review file named file.
func reviewFault(file string) faultFunc {
	return func(place, next, format string, args ...any) error {
		return &ReviewError{File: file, Place: place, Problem: fmt.Sprintf(format, args...), Next: next}
	}
}

// decodeReviewFile decodes data as one review file, JSON and nothing
// after it, and checks what it says it is: its kind, its format and that
// it is a review of rec's session.
func decodeReviewFile(file string, data []byte, rec *Record, bad faultFunc) (reviewFile, error) {
	var f reviewFile
	if len(data) > MaxReviewBytes {
		return f, bad("", askAgain, "%d bytes; a review file is at most %d (1 MB)", len(data), MaxReviewBytes)
	}
	if !utf8.Valid(data) {
		return f, bad("", askAgain, "not UTF-8 text")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, bad(jsonPlace(data, err), askAgain, "%s", jsonProblem(err))
	}
	if dec.More() {
		off := dec.InputOffset()
		off += int64(len(data[off:]) - len(bytes.TrimLeft(data[off:], " \t\r\n")))
		return f, bad(placeAt(data, off), askAgain, "more after the review's closing }")
	}
	if f.Kind != ReviewKind {
		return f, bad("kind", "import a file saved by the review page (\"Save review\")", "%q; want %q: this is not a mockround review", f.Kind, ReviewKind)
	}
	if f.Format != ReviewFormat {
		return f, bad("format", "update mockround, or save the review from a page this version exported",
			"format %d; this mockround reads format %d", f.Format, ReviewFormat)
	}
	if f.Session != rec.ID {
		return f, bad("session", fmt.Sprintf("import it into that session: mockround review --import %s %s", file, safeID(f.Session)),
			"the review is of session %q, not %s", f.Session, rec.ID)
	}
	return f, nil
}

// checkReviewText checks the review's own text: the reviewer's name (not
// empty), the general notes and the time it was saved.
func checkReviewText(rv *Review, bad faultFunc) error {
	if err := checkText(rv.Reviewer, MaxReviewerRunes, false); err != nil || strings.TrimSpace(rv.Reviewer) == "" {
		if err == nil {
			err = errors.New("empty")
		}
		return bad("reviewer", "ask the reviewer to enter their name in the page and save again", "the reviewer's name: %v", err)
	}
	if err := checkText(rv.Notes, MaxReviewNotes, true); err != nil {
		return bad("notes", askAgain, "%v", err)
	}
	if err := checkText(rv.Saved, 40, false); err != nil {
		return bad("saved", askAgain, "%v", err)
	}
	return nil
}

// checkReviewTakes checks each take a review rates against rec: that the
// session has it, that no take is named twice, its rating, and each
// comment's time (within the take) and text.
func checkReviewTakes(takes []ReviewTake, rec *Record, bad faultFunc) error {
	seen := map[[3]int]int{}
	for i, rt := range takes {
		p := fmt.Sprintf("takes[%d]", i)
		t := rec.findTake(rt.Position, rt.Take, rt.FollowUp)
		if t == nil {
			what := "take"
			if rt.FollowUp {
				what = "follow-up take"
			}
			return bad(p, askAgain, "session %s has no %s %d of question %d", rec.ID, what, rt.Take, rt.Position)
		}
		key := [3]int{rt.Position, rt.Take, b2i(rt.FollowUp)}
		if j, dup := seen[key]; dup {
			return bad(p, askAgain, "the same take as takes[%d]", j)
		}
		seen[key] = i
		if rt.Rating < 0 || rt.Rating > MaxRating {
			return bad(p+".rating", askAgain, "%d; want 1 to %d, or 0 when not rated", rt.Rating, MaxRating)
		}
		if len(rt.Comments) > MaxComments {
			return bad(p+".comments", askAgain, "%d comments; at most %d a take", len(rt.Comments), MaxComments)
		}
		for j, c := range rt.Comments {
			cp := fmt.Sprintf("%s.comments[%d]", p, j)
			if math.IsNaN(c.AtS) || c.AtS < 0 || c.AtS > t.LengthS+commentSlackS {
				return bad(cp+".at_s", askAgain, "%s is past the end of take %d of question %d (%s long)",
					clockText(c.AtS), rt.Take, rt.Position, clockText(t.LengthS))
			}
			if err := checkText(c.Text, MaxCommentRunes, true); err != nil || strings.TrimSpace(c.Text) == "" {
				if err == nil {
					err = errors.New("empty")
				}
				return bad(cp+".text", askAgain, "%v", err)
			}
		}
	}
	return nil
}

// MergeReview puts rv into rec as its reviewer's review, replacing an
// earlier one of theirs (the page saves everything each time); a
// reviewer's name is matched without regard to case ("alex" is "Alex").
// It reports whether anything changed: importing the same file twice
// changes nothing, nor does a file saved before the review already held
// (an older download; see NewerReview).
func (r *Record) MergeReview(rv *Review) bool {
	key, old, ok := r.reviewBy(rv.Reviewer)
	if ok && (sameReview(old, *rv) || savedBefore(rv.Saved, old.Saved)) {
		return false
	}
	if r.Reviews == nil {
		r.Reviews = map[string]Review{}
	}
	if ok {
		delete(r.Reviews, key)
	}
	r.Reviews[rv.Reviewer] = *rv
	return true
}

// NewerReview returns the review rec holds from rv's reviewer when it was
// saved after rv (rv is an older download of it), else nil.
func (r *Record) NewerReview(rv *Review) *Review {
	if _, old, ok := r.reviewBy(rv.Reviewer); ok && savedBefore(rv.Saved, old.Saved) {
		return &old
	}
	return nil
}

// reviewBy finds the review of the reviewer named name, in any case.
func (r *Record) reviewBy(name string) (string, Review, bool) {
	for k, v := range r.Reviews {
		if strings.EqualFold(k, name) {
			return k, v, true
		}
	}
	return "", Review{}, false
}

// sameReview compares two reviews as session.json holds them, where an
// empty list and no list are the same.
func sameReview(a, b Review) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// savedBefore reports whether the time stamp a is before b; unreadable
// stamps are never before anything.
func savedBefore(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339, a)
	tb, errB := time.Parse(time.RFC3339, b)
	return errA == nil && errB == nil && ta.Before(tb)
}

// ReviewersOf lists the reviewers of a session, by name.
func (r *Record) ReviewersOf() []string {
	var out []string
	for name := range r.Reviews {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// TakeReview is one reviewer's word on one take.
type TakeReview struct {
	Reviewer string
	ReviewTake
}

// ReviewsOf returns every reviewer's rating and comments on the take t,
// by reviewer name; takes nobody reviewed have none.
func (r *Record) ReviewsOf(t *Take) []TakeReview {
	var out []TakeReview
	for _, name := range r.ReviewersOf() {
		for _, rt := range r.Reviews[name].Takes {
			if rt.Position == t.Position && rt.Take == t.Take && rt.FollowUp == (t.FollowUp != "") {
				out = append(out, TakeReview{Reviewer: name, ReviewTake: rt})
			}
		}
	}
	return out
}

// normalise orders the takes and each take's comments, so the same review
// saved twice compares equal; a take with nothing in it is dropped.
func (rv *Review) normalise() {
	kept := rv.Takes[:0]
	for _, t := range rv.Takes {
		if t.Rating != 0 || len(t.Comments) > 0 {
			kept = append(kept, t)
		}
	}
	rv.Takes = kept
	slices.SortStableFunc(rv.Takes, func(a, b ReviewTake) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		if a.FollowUp != b.FollowUp {
			return b2i(a.FollowUp) - b2i(b.FollowUp)
		}
		return a.Take - b.Take
	})
	for i := range rv.Takes {
		c := rv.Takes[i].Comments
		for j := range c {
			c[j].AtS = math.Round(c[j].AtS*1000) / 1000
		}
		slices.SortStableFunc(c, func(a, b Comment) int {
			switch {
			case a.AtS < b.AtS:
				return -1
			case a.AtS > b.AtS:
				return 1
			}
			return 0
		})
	}
	if rv.Takes == nil {
		rv.Takes = []ReviewTake{}
	}
}

func (r *Record) findTake(position, take int, followUp bool) *Take {
	for i := range r.Takes {
		t := &r.Takes[i]
		if t.Position == position && t.Take == take && (t.FollowUp != "") == followUp && t.Status != TakeSkipped {
			return t
		}
	}
	return nil
}

// checkText refuses invalid text: too long, or holding a control
// character (newlines and tabs allowed where multiline is).
func checkText(s string, most int, multiline bool) error {
	if n := utf8.RuneCountInString(s); n > most {
		return fmt.Errorf("%d characters; at most %d", n, most)
	}
	for i, c := range s {
		if multiline && (c == '\n' || c == '\t') {
			continue
		}
		if unicode.IsControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') {
			return fmt.Errorf("a control character %U at character %d", c, utf8.RuneCountInString(s[:i])+1)
		}
	}
	return nil
}

// jsonPlace is line:column for a syntax or type error, else the field.
func jsonPlace(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset counts the bad byte itself, the file's last one too: the
		// decoder reports a file cut short as io.ErrUnexpectedEOF instead.
		return placeAt(data, max(syn.Offset-1, 0))
	case errors.As(err, &typ):
		// typ.Field is the Go path (Review.takes.rating): name the value
		// as the file has it instead, where it starts.
		path, start, ok := valueAt(data, typ.Offset)
		if !ok {
			return placeAt(data, typ.Offset)
		}
		place := placeAt(data, start)
		if path != "" {
			place += ": " + path
		}
		return place
	case errors.Is(err, io.ErrUnexpectedEOF), err.Error() == "EOF":
		return placeAt(data, int64(len(data)))
	}
	return ""
}

// valueAt finds the innermost value of the JSON document data that holds
// off, where a type error of the decoder points (the end of a scalar, or
// just inside an array or object). It returns the value's path as the file
// spells it, like takes[2].rating ("" for the whole document), and the
// offset of the value's first byte; ok is false when no value holds off.
func valueAt(data []byte, off int64) (path string, start int64, ok bool) {
	type frame struct {
		path    string
		start   int64
		array   bool
		n       int    // the elements of an array read so far
		key     string // the key of the object member whose value comes next
		wantKey bool
	}
	holds := func(start, end int64) bool { return start < off && off <= end }
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return "", 0, false
		}
		end := dec.InputOffset()
		skipped := data[before:end]
		start := before + int64(len(skipped)-len(bytes.TrimLeft(skipped, " \t\r\n,:")))
		if tok == json.Delim('}') || tok == json.Delim(']') {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if holds(f.start, end) {
				return f.path, f.start, true
			}
			if len(stack) == 0 {
				return "", 0, false
			}
			continue
		}
		path := ""
		if n := len(stack); n > 0 {
			f := &stack[n-1]
			switch {
			case f.array:
				path = fmt.Sprintf("%s[%d]", f.path, f.n)
				f.n++
			case f.wantKey:
				f.key, _ = tok.(string)
				f.wantKey = false
				continue
			default:
				path = f.key
				if f.path != "" {
					path = f.path + "." + f.key
				}
				f.wantKey = true
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{path: path, start: start, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{path: path, start: start, array: true})
		default:
			if holds(start, end) {
				return path, start, true
			}
			if len(stack) == 0 {
				return "", 0, false
			}
		}
	}
}

func placeAt(data []byte, off int64) string {
	line, col := lineCol(data, off)
	return fmt.Sprintf("line %d, column %d", line, col)
}

func jsonProblem(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Sprintf("a JSON %s where the review has %s", typ.Value, jsonKind(typ.Type))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if msg == "EOF" || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file ends before the review does (is it cut short?)"
	}
	return "not valid JSON: " + msg
}

// jsonKind says in JSON's words what a value of type t is written as:
// the reviewer knows no Go types.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "a list [...]"
	case reflect.Struct, reflect.Map:
		return "an object {...}"
	}
	return "another value"
}

func safeID(s string) string {
	if validID(s) {
		return s
	}
	return "SESSION"
}

func clockText(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) || s > 1e7 {
		return fmt.Sprint(s)
	}
	t := int(math.Floor(s))
	return fmt.Sprintf("%d:%02d.%d", t/60, t%60, int((s-math.Floor(s))*10))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
