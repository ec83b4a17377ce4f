package bank

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mockround/mockround/internal/safe"
)

// Problem is one thing wrong with a bank: where (JSON path like
// rounds[1].categories[0].questions[2].id, plus 1-based line and column of the
// offending value or key in the file) and what. Columns count characters, not
// bytes.
type Problem struct {
	Path      string
	Line, Col int
	Msg       string
}

// Error lists every problem found in a bank file.
type Error struct {
	File     string
	Problems []Problem

	omitted int // problems found but not kept in Problems
}

// maxShown bounds the output of Error.Error, so that garbage input
// gives a short answer.
const maxShown = 50

// maxCollected bounds the problems Parse keeps in Error.Problems;
// beyond it they are only counted (see Error.Total).
const maxCollected = 10000

// Error returns one line per problem, "FILE:LINE:COL: PATH: MSG", sorted by
// position in the file, and a final "... and N more problems" line when some
// were left out. The path is omitted when empty, the position when unknown.
func (e *Error) Error() string {
	probs := make([]Problem, len(e.Problems))
	copy(probs, e.Problems)
	sort.SliceStable(probs, func(i, j int) bool {
		if probs[i].Line != probs[j].Line {
			return probs[i].Line < probs[j].Line
		}
		return probs[i].Col < probs[j].Col
	})
	more := e.omitted
	if len(probs) > maxShown {
		more += len(probs) - maxShown
		probs = probs[:maxShown]
	}
	var sb strings.Builder
	for i, p := range probs {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(e.File)
		if p.Line > 0 {
			fmt.Fprintf(&sb, ":%d:%d", p.Line, p.Col)
		}
		sb.WriteString(": ")
		if p.Path != "" {
			sb.WriteString(p.Path)
			sb.WriteString(": ")
		}
		sb.WriteString(p.Msg)
	}
	if more > 0 {
		if len(probs) > 0 {
			sb.WriteByte('\n')
		}
		noun := "problems"
		if more == 1 {
			noun = "problem"
		}
		fmt.Fprintf(&sb, "... and %d more %s", more, noun)
	}
	return sb.String()
}

// Total is the number of problems found, including any beyond those kept in
// Problems.
func (e *Error) Total() int {
	return len(e.Problems) + e.omitted
}

// Parse parses and validates a question bank. name is used in messages
// and kept as Bank.Source. Any problem with the content gives a *Error
// listing every problem found.
func Parse(name string, data []byte) (*Bank, error) {
	sum := sha256.Sum256(data)
	c := &checker{data: data}
	b := c.parse()
	if len(c.probs) > 0 || c.omitted > 0 {
		return nil, c.result(name)
	}
	b.Source = name
	b.Hash = "sha256:" + hex.EncodeToString(sum[:])
	return b, nil
}

// The rules a bank's ids, text and durations follow, as the parser's
// checks apply them: each says what is wrong, or "" when nothing is.

const msgEmpty = "must not be empty"

// maxIDLen keeps ids short: they appear in commands and file names.
const maxIDLen = 64

// iDRule says what is wrong with an id, or "" when it is fine.
func iDRule(id string) string {
	if id == "" {
		return msgEmpty
	}
	if !isKebabID(id) {
		return fmt.Sprintf("must be kebab-case like \"eval-framework\" (lowercase letters, digits and '-', starting with a letter or digit), got %q", id)
	}
	if len(id) > maxIDLen {
		return fmt.Sprintf("must be at most %d characters, got %d", maxIDLen, len(id))
	}
	return ""
}

func isKebabID(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// controlRule says what is wrong with a string that holds control
// characters (C0, tab and newline included, DEL and C1), or "" when it holds
// none. Bank text reaches the terminal, where ESC, CSI and the like would
// act instead of showing. at counts characters from 1 in the string as
// written; lead is the number of characters trimmed from its start.
func controlRule(s string, lead int) string {
	r, at, n := safe.FindControl(s)
	if n == 0 {
		return ""
	}
	if n == 1 {
		return fmt.Sprintf("contains a control character (%s) at character %d; remove it", safe.Describe(r), lead+at)
	}
	return fmt.Sprintf("contains %d control characters, the first (%s) at character %d; remove them", n, safe.Describe(r), lead+at)
}

// trimmed returns s without leading and trailing white space, and the
// number of characters taken from its start.
func trimmed(s string) (string, int) {
	rest := strings.TrimLeftFunc(s, unicode.IsSpace)
	return strings.TrimRightFunc(rest, unicode.IsSpace), utf8.RuneCountInString(s[:len(s)-len(rest)])
}

// The longest times a bank may set: beyond them a value is a slip (an
// hour of prep, a day's answer) rather than a plan.
const (
	MaxPrep           = 30 * time.Minute
	MaxAnswer         = 60 * time.Minute
	MaxOvertime       = 30 * time.Minute
	MaxFollowUpAnswer = 30 * time.Minute
)

// maxOf is the longest a duration field may be.
var maxOf = map[string]time.Duration{
	"prep": MaxPrep, "answer": MaxAnswer, "min": MaxAnswer, "warn": MaxAnswer, "overtime": MaxOvertime, "follow_up_answer": MaxFollowUpAnswer,
}

// durationRule says what is wrong with a duration for the named field, or "".
// prep, warn and overtime may be zero; an answer needs some time.
func durationRule(name string, d time.Duration) string {
	if d < 0 {
		return fmt.Sprintf("must not be negative, got %s", d)
	}
	if (name == "answer" || name == "follow_up_answer") && d == 0 {
		return "must be greater than zero, got 0s"
	}
	if limit, ok := maxOf[name]; ok && d > limit {
		return fmt.Sprintf("%s is longer than the %s a bank may set", d, limit)
	}
	return ""
}

// warnRule checks that a warning starts before the answer's time is up.
func (c *checker) warnRule(warn, answer *time.Duration, m *member, path string) {
	if warn != nil && answer != nil && *warn > 0 && *warn >= *answer {
		c.add(m.val.off, path, fmt.Sprintf("the warning at %s left must be shorter than the answer time %s (0s: no warning)", *warn, *answer))
	}
}

func field(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func index(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// Reading the file: first the bytes (encoding, syntax) with the standard
// scanner, then a walk of the now known-valid JSON into a tree of nodes that
// remember their byte offsets, then the schema check over that tree, which
// reports every problem instead of stopping at the first as json.Unmarshal does.

type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

func (k kind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

type node struct {
	typ     kind
	off     int    // byte offset of the value's first byte
	str     string // string value, or number literal
	elems   []*node
	members []member
}

type member struct {
	key string
	off int // byte offset of the key's opening quote
	val *node
}

type problem struct {
	off  int // byte offset in the file; the problem's line:col
	path string
	msg  string
	ref  int // when >= 0, msg ends with the line of this earlier offset
}

type checker struct {
	data    []byte
	probs   []problem
	omitted int
}

func (c *checker) add(off int, path, msg string) {
	c.addRef(off, path, msg, -1)
}

func (c *checker) addRef(off int, path, msg string, ref int) {
	if len(c.probs) >= maxCollected {
		c.omitted++
		return
	}
	c.probs = append(c.probs, problem{off: off, path: path, msg: msg, ref: ref})
}

var bOM = []byte{0xEF, 0xBB, 0xBF}

func (c *checker) parse() *Bank {
	start := 0
	if bytes.HasPrefix(c.data, bOM) {
		c.add(0, "", "starts with a UTF-8 byte-order mark; save the file as UTF-8 without BOM")
		start = len(bOM)
	}
	body := c.data[start:]
	if !utf8.Valid(body) {
		bad := firstInvalidUTF8(body)
		c.add(start+bad, "", fmt.Sprintf("invalid UTF-8 (byte 0x%02x); save the file as UTF-8", body[bad]))
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		c.add(start, "", "empty file: want a JSON object with \"title\" and \"rounds\"")
		return nil
	}
	if !json.Valid(body) {
		c.syntaxError(start, body)
		return nil
	}
	w := walker{data: body, base: start}
	root := w.value()
	return c.bank(root)
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

// syntaxError reports where and why body is not JSON. json.Unmarshal checks
// the whole input before decoding, so its SyntaxError.Offset counts from the
// start of body (json.Decoder's offsets do not, inside values).
func (c *checker) syntaxError(base int, body []byte) {
	var raw json.RawMessage
	err := json.Unmarshal(body, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		c.add(base, "", "not valid JSON")
		return
	}
	off := int(se.Offset)
	msg := se.Error()
	// At the end of input the scanner reports "unexpected end of JSON input",
	// or feeds itself a space in the middle of a literal.
	atEOF := msg == "unexpected end of JSON input" ||
		off >= len(body) && strings.HasPrefix(msg, "invalid character ' '") && body[len(body)-1] != ' '
	if atEOF || off <= 0 || off > len(body) {
		end := len(bytes.TrimRight(body, " \t\r\n"))
		what := "(is a closing } or ] missing?)"
		if endsInString(body) {
			what = "inside a string (is a closing \" missing?)"
		}
		c.add(base+end, "", "unexpected end of file "+what)
		return
	}
	off-- // Offset counts the bad byte itself
	if body[off] >= utf8.RuneSelf {
		// The scanner names the first byte of a multi-byte character; name the character.
		if rest, ok := strings.CutPrefix(msg, "invalid character '"); ok {
			if j := strings.Index(rest, "' "); j >= 0 {
				r, _ := utf8.DecodeRune(body[off:])
				msg = "invalid character " + strconv.QuoteRune(r) + rest[j+1:]
			}
		}
	}
	if strings.HasSuffix(msg, "after top-level value") {
		msg += " (extra data after the end of the JSON document)"
	}
	c.add(base+off, "", msg)
}

// endsInString reports whether body ends inside an unterminated string.
func endsInString(body []byte) bool {
	in := false
	for i := 0; i < len(body); i++ {
		switch {
		case !in && body[i] == '"':
			in = true
		case in && body[i] == '\\':
			i++
		case in && body[i] == '"':
			in = false
		}
	}
	return in
}

// walker builds the node tree of JSON already checked by json.Valid, so it
// needs no error handling. Its nesting is bounded by the scanner's limit.
type walker struct {
	data []byte
	i    int
	base int // offset of data within the file
}

func (w *walker) skip() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case ' ', '\t', '\r', '\n':
			w.i++
		default:
			return
		}
	}
}

func (w *walker) value() *node {
	w.skip()
	n := &node{off: w.base + w.i}
	switch w.data[w.i] {
	case '{':
		n.typ = kindObject
		w.i++
		for {
			w.skip()
			if w.data[w.i] == '}' {
				w.i++
				return n
			}
			if w.data[w.i] == ',' {
				w.i++
				w.skip()
			}
			koff := w.base + w.i
			key := w.string()
			w.skip()
			w.i++ // ':'
			n.members = append(n.members, member{key: key, off: koff, val: w.value()})
		}
	case '[':
		n.typ = kindArray
		w.i++
		for {
			w.skip()
			if w.data[w.i] == ']' {
				w.i++
				return n
			}
			if w.data[w.i] == ',' {
				w.i++
			}
			n.elems = append(n.elems, w.value())
		}
	case '"':
		n.typ = kindString
		n.str = w.string()
	case 't':
		n.typ = kindBool
		n.str = "true"
		w.i += 4
	case 'f':
		n.typ = kindBool
		n.str = "false"
		w.i += 5
	case 'n':
		n.typ = kindNull
		w.i += 4
	default:
		n.typ = kindNumber
		start := w.i
		for w.i < len(w.data) && strings.IndexByte("+-.0123456789eE", w.data[w.i]) >= 0 {
			w.i++
		}
		n.str = string(w.data[start:w.i])
	}
	return n
}

// string reads the string starting at the current quote.
func (w *walker) string() string {
	start := w.i
	escaped := false
	w.i++
	for w.data[w.i] != '"' {
		if w.data[w.i] == '\\' {
			escaped = true
			w.i++
		}
		w.i++
	}
	w.i++
	raw := w.data[start:w.i]
	if !escaped {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	_ = json.Unmarshal(raw, &s) // valid: checked by json.Valid
	return s
}

// Schema check.

var (
	topKeys      = []string{"format", "title", "preparation_notes", "rounds"}
	roundKeys    = []string{"id", "title", "prep", "answer", "min", "warn", "overtime", "follow_up_answer", "categories"}
	categoryKeys = []string{"id", "title", "questions"}
	questionKeys = []string{"id", "text", "prep", "answer", "talking_points", "follow_ups"}
)

// object checks that n is an object with only the known keys, once each, and
// returns its members by key (the first of duplicates). nil if n is not an object.
func (c *checker) object(n *node, path, want string, known []string) map[string]*member {
	if n.typ != kindObject {
		c.add(n.off, path, fmt.Sprintf("want %s, got %s", want, n.typ))
		return nil
	}
	fields := make(map[string]*member, len(n.members))
	for i := range n.members {
		m := &n.members[i]
		isKnown := false
		for _, k := range known {
			if k == m.key {
				isKnown = true
				break
			}
		}
		if !isKnown {
			// The key goes into the path as written, made safe to print.
			c.add(m.off, field(path, safe.Text(m.key)), fmt.Sprintf("unknown field %q (known: %s)", m.key, strings.Join(known, ", ")))
			continue
		}
		if first, ok := fields[m.key]; ok {
			c.addRef(m.off, field(path, m.key), fmt.Sprintf("duplicate key %q", m.key), first.off)
			continue
		}
		fields[m.key] = m
	}
	return fields
}

// text checks a required, non-empty string field and returns it trimmed.
func (c *checker) text(obj *node, fields map[string]*member, path, key string) string {
	m := fields[key]
	p := field(path, key)
	if m == nil {
		c.add(obj.off, p, "missing required field")
		return ""
	}
	if m.val.typ != kindString {
		c.add(m.val.off, p, "want a string, got "+m.val.typ.String())
		return ""
	}
	s, lead := trimmed(m.val.str)
	if s == "" {
		c.add(m.val.off, p, msgEmpty)
	}
	if msg := controlRule(s, lead); msg != "" {
		c.add(m.val.off, p, msg)
	}
	return s
}

// id checks a required id field and its uniqueness among seen (id -> path).
func (c *checker) id(obj *node, fields map[string]*member, path, what string, seen map[string]string) string {
	m := fields["id"]
	p := field(path, "id")
	if m == nil {
		c.add(obj.off, p, "missing required field")
		return ""
	}
	if m.val.typ != kindString {
		c.add(m.val.off, p, "want a string, got "+m.val.typ.String())
		return ""
	}
	id := m.val.str
	if msg := controlRule(id, 0); msg != "" {
		c.add(m.val.off, p, msg)
		return id
	}
	if msg := iDRule(id); msg != "" {
		c.add(m.val.off, p, msg)
		return id
	}
	if first, ok := seen[id]; ok {
		c.add(m.val.off, p, fmt.Sprintf("duplicate %s id %q (first at %s)", what, id, first))
		return id
	}
	seen[id] = p
	return id
}

// duration checks an optional duration field; nil when absent or wrong.
func (c *checker) duration(fields map[string]*member, path, key string) *time.Duration {
	m := fields[key]
	if m == nil {
		return nil
	}
	p := field(path, key)
	if m.val.typ != kindString {
		c.add(m.val.off, p, `want a duration string like "90s", got `+m.val.typ.String())
		return nil
	}
	text, lead := trimmed(m.val.str)
	if msg := controlRule(text, lead); msg != "" {
		c.add(m.val.off, p, msg)
		return nil
	}
	d, err := time.ParseDuration(text)
	if err != nil {
		c.add(m.val.off, p, fmt.Sprintf(`invalid duration %q: want a Go duration like "90s", "3m" or "1m30s"`, m.val.str))
		return nil
	}
	if msg := durationRule(key, d); msg != "" {
		c.add(m.val.off, p, msg)
		return nil
	}
	return &d
}

// stringList checks an optional array of non-empty strings; nil when absent or empty.
// When what names the items ("follow-up"), each must also differ from the
// ones before it once case and spaces are set aside: a round draws one at
// random, and a repeat would be asked twice as often.
func (c *checker) stringList(fields map[string]*member, path, key, what string) []string {
	m := fields[key]
	if m == nil {
		return nil
	}
	p := field(path, key)
	if m.val.typ != kindArray {
		c.add(m.val.off, p, "want an array of strings, got "+m.val.typ.String())
		return nil
	}
	var out []string
	first := map[string]string{} // folded text -> path of its first item
	for i, e := range m.val.elems {
		ep := index(p, i)
		if e.typ != kindString {
			c.add(e.off, ep, "want a string, got "+e.typ.String())
			continue
		}
		s, lead := trimmed(e.str)
		if s == "" {
			c.add(e.off, ep, msgEmpty)
			continue
		}
		if msg := controlRule(s, lead); msg != "" {
			c.add(e.off, ep, msg)
			continue
		}
		if what != "" {
			folded := sameText(s)
			if fp, ok := first[folded]; ok {
				c.add(e.off, ep, fmt.Sprintf("duplicate %s %q (first at %s); remove one of them", what, s, fp))
				continue
			}
			first[folded] = ep
		}
		out = append(out, s)
	}
	return out
}

// sameText is the form in which two items of a list are compared: lower
// case, with runs of white space as one space.
func sameText(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// array checks a required, non-empty array field and returns its elements.
func (c *checker) array(obj *node, fields map[string]*member, path, key, what string) []*node {
	m := fields[key]
	p := field(path, key)
	if m == nil {
		c.add(obj.off, p, "missing required field")
		return nil
	}
	if m.val.typ != kindArray {
		c.add(m.val.off, p, "want an array, got "+m.val.typ.String())
		return nil
	}
	if len(m.val.elems) == 0 {
		c.add(m.val.off, p, "must have at least one "+what)
	}
	return m.val.elems
}

func (c *checker) bank(root *node) *Bank {
	fields := c.object(root, "", "a JSON object at the top level", topKeys)
	if fields == nil {
		return nil
	}
	b := &Bank{Format: Format}
	if m := fields["format"]; m != nil {
		b.Format = c.format(m.val)
	}
	b.Title = c.text(root, fields, "", "title")
	b.Notes = c.stringList(fields, "", "preparation_notes", "")
	roundIDs := map[string]string{}
	questionIDs := map[string]string{}
	for i, rn := range c.array(root, fields, "", "rounds", "round") {
		rp := index("rounds", i)
		rf := c.object(rn, rp, "an object", roundKeys)
		if rf == nil {
			continue
		}
		r := Round{
			ID:       c.id(rn, rf, rp, "round", roundIDs),
			Title:    c.text(rn, rf, rp, "title"),
			Prep:     c.duration(rf, rp, "prep"),
			Answer:   c.duration(rf, rp, "answer"),
			Warn:     c.duration(rf, rp, "warn"),
			Overtime: c.duration(rf, rp, "overtime"),

			FollowUpAnswer: c.duration(rf, rp, "follow_up_answer"),
			Min:            c.duration(rf, rp, "min"),
		}
		if rf["min"] != nil && r.Min != nil && r.Answer != nil && *r.Min >= *r.Answer {
			c.add(rf["min"].val.off, field(rp, "min"), fmt.Sprintf("the minimum answer %s must be shorter than the answer time %s", *r.Min, *r.Answer))
		}
		if rf["warn"] != nil {
			c.warnRule(r.Warn, r.Answer, rf["warn"], field(rp, "warn"))
		}
		categoryIDs := map[string]string{}
		for j, cn := range c.array(rn, rf, rp, "categories", "category") {
			cp := index(field(rp, "categories"), j)
			cf := c.object(cn, cp, "an object", categoryKeys)
			if cf == nil {
				continue
			}
			cat := Category{
				ID:    c.id(cn, cf, cp, "category", categoryIDs),
				Title: c.text(cn, cf, cp, "title"),
			}
			for k, qn := range c.array(cn, cf, cp, "questions", "question") {
				qp := index(field(cp, "questions"), k)
				qf := c.object(qn, qp, "an object", questionKeys)
				if qf == nil {
					continue
				}
				q := Question{
					ID:            c.id(qn, qf, qp, "question", questionIDs),
					Text:          c.text(qn, qf, qp, "text"),
					Prep:          c.duration(qf, qp, "prep"),
					Answer:        c.duration(qf, qp, "answer"),
					TalkingPoints: c.stringList(qf, qp, "talking_points", ""),
					FollowUps:     c.stringList(qf, qp, "follow_ups", "follow-up"),
				}
				if qf["answer"] != nil {
					c.warnRule(r.Warn, q.Answer, qf["answer"], field(qp, "answer"))
				}
				cat.Questions = append(cat.Questions, q)
			}
			r.Categories = append(r.Categories, cat)
		}
		b.Rounds = append(b.Rounds, r)
	}
	return b
}

func (c *checker) format(n *node) int {
	if n.typ != kindNumber {
		c.add(n.off, "format", "want a number, got "+n.typ.String())
		return 0
	}
	f, err := strconv.ParseFloat(n.str, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
		c.add(n.off, "format", fmt.Sprintf("want %d, got %s", Format, n.str))
		return 0
	}
	v := int(f)
	switch {
	case v > Format:
		c.add(n.off, "format", fmt.Sprintf("version %d is newer than this mockround understands (%d)", v, Format))
	case v < Format:
		c.add(n.off, "format", fmt.Sprintf("unknown version %d: want %d", v, Format))
	}
	return v
}

// error turns the collected problems into a *Error: sorted by
// position, with byte offsets turned into line and column.
func (c *checker) result(name string) *Error {
	sort.SliceStable(c.probs, func(i, j int) bool { return c.probs[i].off < c.probs[j].off })
	probs := c.probs
	var newlines []int // offsets of '\n', for the lines of earlier offsets
	for _, p := range probs {
		if p.ref >= 0 {
			for i, b := range c.data {
				if b == '\n' {
					newlines = append(newlines, i)
				}
			}
			break
		}
	}
	// One sweep over the file finds every line:col: problems are sorted.
	out := make([]Problem, len(probs))
	line, col, i := 1, 1, 0
	if bytes.HasPrefix(c.data, bOM) {
		i = len(bOM) // an editor shows no column for it
	}
	for k, p := range probs {
		for i < p.off && i < len(c.data) {
			r, size := utf8.DecodeRune(c.data[i:])
			if r == '\n' {
				line++
				col = 1
			} else {
				col++
			}
			i += size
		}
		msg := p.msg
		if p.ref >= 0 {
			msg += fmt.Sprintf(" (first on line %d)", 1+sort.SearchInts(newlines, p.ref))
		}
		out[k] = Problem{Path: p.path, Line: line, Col: col, Msg: msg}
	}
	return &Error{File: name, Problems: out, omitted: c.omitted}
}
