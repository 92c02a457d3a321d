// The lean peer of ops/bench/peer (issue 19): the line's two busiest webhooks as a
// performance-minded team would write them in Go, to measure the line against in the same
// run. It does the floor of the job and no more: a Twilio gather checks the signature, looks
// the speech up in the articles' keywords and answers TwiML; a callback creation checks the
// body, makes the task with its idempotency key (SET NX, then one MULTI) and answers JSON.
// It keeps no call state, checks no risk and runs no SLA timers: not the line's equal.
//
// Built in GOPATH mode from Debian's packages (golang-go, golang-github-gomodule-redigo-dev),
// nothing downloaded:
//   GO111MODULE=off GOPATH=/usr/share/gocode go build -o peer ops/bench/peer-go/peer.go
//   peer -listen 127.0.0.1:8081 -redis 127.0.0.1:6379 -token T -public https://x -articles DIR
package main

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"flag"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gomodule/redigo/redis"
)

type article struct {
	Title    string   `json:"title"`
	Keywords []string `json:"keywords"`
	Answer   string   `json:"answer"`
	Spoken   string   `json:"spoken"`
}

type server struct {
	token    []byte
	public   string
	articles []article
	byWord   map[string][]int // one-word keyword -> articles
	phrases  [][2]interface{} // several-word keywords: {phrase, article}
	pool     *redis.Pool
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func (s *server) load(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	s.byWord = map[string][]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var list []article
		if err := json.Unmarshal(data, &list); err != nil {
			return err
		}
		for _, a := range list {
			i := len(s.articles)
			s.articles = append(s.articles, a)
			for _, k := range a.Keywords {
				w := words(k)
				if len(w) == 1 {
					s.byWord[w[0]] = append(s.byWord[w[0]], i)
				} else if len(w) > 1 {
					s.phrases = append(s.phrases, [2]interface{}{strings.Join(w, " "), i})
				}
			}
		}
	}
	return nil
}

// The article with the most keywords in the speech; -1 for none.
func (s *server) lookup(speech string) int {
	w := words(speech)
	score := map[int]int{}
	for _, x := range w {
		for _, i := range s.byWord[x] {
			score[i]++
		}
	}
	joined := " " + strings.Join(w, " ") + " "
	for _, p := range s.phrases {
		if strings.Contains(joined, " "+p[0].(string)+" ") {
			score[p[1].(int)]++
		}
	}
	best, bestScore := -1, 0
	for i, n := range score {
		if n > bestScore || (n == bestScore && i < best) {
			best, bestScore = i, n
		}
	}
	return best
}

// Twilio's scheme: HMAC-SHA1 over the URL and the POST parameters sorted by name.
func (s *server) signed(r *http.Request) bool {
	var b bytes.Buffer
	b.WriteString(s.public)
	b.WriteString(r.URL.RequestURI())
	keys := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range r.PostForm[k] {
			b.WriteString(k)
			b.WriteString(v)
		}
	}
	mac := hmac.New(sha1.New, s.token)
	mac.Write(b.Bytes())
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(want), []byte(r.Header.Get("X-Twilio-Signature")))
}

func escape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (s *server) gather(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	if !s.signed(r) {
		http.Error(w, "bad signature", http.StatusForbidden)
		return
	}
	seq, _ := strconv.Atoi(r.URL.Query().Get("seq"))
	action := "/v1/twilio/voice/gather?seq=" + strconv.Itoa(seq+1)
	var say string
	if i := s.lookup(r.PostForm.Get("SpeechResult")); i >= 0 {
		a := s.articles[i]
		text := a.Spoken
		if text == "" {
			text = a.Answer
		}
		say = "Over " + a.Title + ". " + text + " Druk 1 als dit je heeft geholpen, of 2 om teruggebeld te worden."
	} else {
		say = "Daar heb ik nu geen goed antwoord op. Druk 2 om teruggebeld te worden."
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" action="` +
		escape(action) + `" numDigits="1" timeout="8"><Say language="nl-NL" voice="Polly.Laura">` +
		escape(say) + `</Say></Gather><Redirect method="POST">` + escape(action) + `</Redirect></Response>`))
}

type createRequest struct {
	SiteKey  string `json:"site_key"`
	Phone    string `json:"phone"`
	Name     string `json:"name"`
	Lang     string `json:"lang"`
	Question string `json:"question"`
	Consent  bool   `json:"consent"`
	Window   string `json:"window"`
}

func jsonError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func (s *server) create(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16384)).Decode(&req); err != nil {
		jsonError(w, http.StatusBadRequest, "body must be JSON")
		return
	}
	if req.SiteKey == "" || !strings.HasPrefix(req.Phone, "+") || len(req.Phone) < 9 || req.Question == "" || !req.Consent {
		jsonError(w, http.StatusBadRequest, "site_key, phone (E.164), question and consent are required")
		return
	}
	var raw [8]byte
	rand.Read(raw[:])
	id := hex.EncodeToString(raw[:])
	now := time.Now()
	due := now.Add(24 * time.Hour)
	prefix := "peer:{" + req.SiteKey + "}:"
	conn := s.pool.Get()
	defer conn.Close()
	if key := r.Header.Get("Idempotency-Key"); key != "" {
		ok, err := redis.String(conn.Do("SET", prefix+"idem:"+key, id, "NX", "EX", 86400))
		if err == redis.ErrNil {
			existing, err := redis.String(conn.Do("GET", prefix+"idem:"+key))
			if err != nil {
				jsonError(w, http.StatusServiceUnavailable, "unavailable")
				return
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]string{"id": existing, "state": "queued"})
			return
		} else if err != nil || ok != "OK" {
			jsonError(w, http.StatusServiceUnavailable, "unavailable")
			return
		}
	}
	conn.Send("MULTI")
	conn.Send("HSET", prefix+"task:"+id, "phone", req.Phone, "name", req.Name, "lang", req.Lang,
		"question", req.Question, "window", req.Window, "state", "queued", "priority", "normal",
		"created_at", now.UnixMilli(), "due_at", due.UnixMilli())
	conn.Send("ZADD", prefix+"queue", due.UnixMilli(), id)
	conn.Send("ZADD", prefix+"timers", due.UnixMilli(), id)
	conn.Send("XADD", prefix+"events", "MAXLEN", "~", 10000, "*", "type", "created", "task", id)
	if _, err := conn.Do("EXEC"); err != nil {
		jsonError(w, http.StatusServiceUnavailable, "unavailable")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"id": id, "state": "queued",
		"due_at": due.UTC().Format(time.RFC3339)})
}

func main() {
	listen := flag.String("listen", "127.0.0.1:8081", "address to listen on")
	redisAddr := flag.String("redis", "127.0.0.1:6379", "Redis host:port")
	token := flag.String("token", "", "Twilio auth token")
	public := flag.String("public", "", "the public base URL Twilio signs")
	dir := flag.String("articles", "", "folder of article JSON files")
	flag.Parse()
	s := &server{token: []byte(*token), public: strings.TrimSuffix(*public, "/")}
	if err := s.load(*dir); err != nil || len(s.articles) == 0 {
		log.Fatalf("articles in %s: %v", *dir, err)
	}
	s.pool = &redis.Pool{MaxIdle: 256, IdleTimeout: time.Minute,
		Dial: func() (redis.Conn, error) { return redis.Dial("tcp", *redisAddr) }}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("/v1/twilio/voice/gather", s.gather)
	mux.HandleFunc("/v1/callbacks", s.create)
	log.Printf("peer: %d articles, listening on %s", len(s.articles), *listen)
	log.Fatal(http.ListenAndServe(*listen, mux))
}
