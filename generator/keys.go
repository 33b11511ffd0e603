package generator

import (
	"crypto/rand"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/djharden/djharden/internal/redact"
)

// keyAlphabet is the URL-safe alphabet: every env-file reader we support
// (python-dotenv, django-environ, python-decouple, Docker Compose) reads
// these characters back unquoted and unchanged.
const keyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

// KeyLength is the length of generated keys (Django's own are 50).
const KeyLength = 64

// randRead is crypto/rand.Read; tests swap it to exercise re-draws.
var randRead = rand.Read

// NewKey returns a new secret key: KeyLength characters drawn uniformly
// from the URL-safe alphabet with crypto/rand, re-drawn in the (vanishingly
// rare) case it would fail Django's security.W009 test.
func NewKey() (string, error) {
	for range 100 {
		key, err := drawKey()
		if err != nil {
			return "", err
		}
		if KeyProblem(key) == "" {
			return key, nil
		}
	}
	return "", fmt.Errorf("could not draw a strong secret key: the random source looks broken")
}

// drawKey draws KeyLength characters. The alphabet has 64 symbols, so the
// low 6 bits of a random byte pick one with no modulo bias.
func drawKey() (string, error) {
	buf := make([]byte, KeyLength)
	if _, err := randRead(buf); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	for i, b := range buf {
		buf[i] = keyAlphabet[b&63]
	}
	return string(buf), nil
}

// KeyProblem says why Django's security.W009 (or W025 for a fallback)
// would flag key, or "" when it would not: empty, shorter than 50
// characters, fewer than 5 distinct characters, or the django-insecure-
// prefix.
func KeyProblem(key string) string {
	switch {
	case key == "":
		return "the key is empty"
	case utf8.RuneCountInString(key) < 50:
		return "the key is shorter than 50 characters"
	case strings.HasPrefix(key, "django-insecure-"):
		return "the key starts with django-insecure-"
	}
	distinct := map[rune]bool{}
	for _, r := range key {
		distinct[r] = true
	}
	if len(distinct) < 5 {
		return "the key has fewer than 5 distinct characters"
	}
	return ""
}

// Mask shows a secret the only way djharden ever prints one: its first
// four characters and its length, e.g. "abcd…(64 chars)" (see
// internal/redact, the one masking function).
func Mask(secret string) string { return redact.Value(secret) }
