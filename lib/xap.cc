// The C face of Xapian (see xap.h). The only C++ in the tree.
//
// Every extern "C" function catches every exception: on failure it writes a
// message into *err (when err is not NULL) and returns -1 or NULL. Messages
// are formatted with snprintf from strings that already exist, so reporting
// an error never allocates and never throws.
#include "xap.h"

#include <xapian.h>

#include <algorithm>
#include <iterator>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/stat.h>

struct xap_wdb {
    Xapian::WritableDatabase db;
};

struct facet_thread;

struct xap_rdb {
    Xapian::Database db;
    std::string path;
    // Set when Xapian ran out of memory on this handle: its caches may be
    // half-built (a later query crashed in the optimiser in the torture
    // test), so the next reopen opens it anew
    bool suspect = false;
    std::unique_ptr<facet_thread> facets;   // started at the first search with facets
    ~xap_rdb();
};

struct xap_doc {
    Xapian::Document doc;
    Xapian::TermGenerator tg;   // bound to doc; keeps term positions running
    bool has_text = false;
};

namespace {

// Glass refuses terms longer than 245 bytes (at commit time, far from the
// caller); we refuse them when they are added.
const size_t MAX_TERM_BYTES = 245;
// Partial (and wildcard) expansion cap: the most frequent 100 terms.
const Xapian::termcount MAX_EXPANSION = 100;

// One stem for French and English words alike, without knowing a text's
// language: the French stem, then the English stem of that (« reunions »,
// « reunion » -> reunion; "meetings", "meeting" -> meet; « chevaux » ->
// cheval). Indexing and queries use the same, so they always agree.
class FrenchEnglishStem : public Xapian::StemImplementation {
    Xapian::Stem fr{"french"}, en{"english"};
    // Words repeat: stemming each occurrence twice was a tenth of the
    // indexing time (bench/RESULTS.md). Emptied when full.
    std::unordered_map<std::string, std::string> cache;
    static const size_t CACHE_MAX = 200000;
public:
    std::string operator()(const std::string &word) override
    {
        auto hit = cache.find(word);
        if (hit != cache.end()) return hit->second;
        if (cache.size() >= CACHE_MAX) cache.clear();
        std::string stem = en(fr(word));
        cache.emplace(word, stem);
        return stem;
    }
    std::string get_description() const override { return "french+english"; }
};

// One for the process (its cache shared by every document and query).
// Handles are used by one thread per process (xap.h).
Xapian::Stem both_stems()
{
    static const Xapian::Stem stem(new FrenchEnglishStem);   // reference-counted by Xapian
    return stem;
}

// Stop words, folded (no accents): dropped from queries but for phrases;
// indexed as words (for phrases) without stems.
const char *const STOP_WORDS[] = {
    // French
    "a", "au", "aux", "avec", "c", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "elles", "en", "est",
    "et", "eux", "il", "ils", "j", "je", "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais",
    "me", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu",
    "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t", "ta", "te", "tes", "toi", "ton", "tu",
    "un", "une", "vos", "votre", "vous", "y",
    // English
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "i", "in", "is", "it",
    "its", "of", "or", "that", "the", "this", "to", "was", "were", "will", "with",
};

const Xapian::SimpleStopper &stop_words()
{
    static const Xapian::SimpleStopper stopper(std::begin(STOP_WORDS), std::end(STOP_WORDS));
    return stopper;
}

// snprintf truncates safely; then back off so a cut multi-byte UTF-8
// sequence does not leave a broken character at the end of the message.
void set_err(xap_err *err, const char *fn, const char *type, const char *msg)
{
    if (!err) return;
    int n = std::snprintf(err->msg, sizeof err->msg, "%s: %s%s%s", fn,
                          type ? type : "", type ? ": " : "", msg ? msg : "");
    if (n < 0) {
        err->msg[0] = '\0';
        return;
    }
    if ((size_t)n >= sizeof err->msg) {
        size_t end = sizeof err->msg - 1;          // index of the final NUL
        size_t i = end;
        // Find the start of the last (possibly cut) character.
        while (i > 0 && ((unsigned char)err->msg[i - 1] & 0xC0) == 0x80) i--;
        if (i > 0 && (unsigned char)err->msg[i - 1] >= 0xC0) {
            unsigned char lead = (unsigned char)err->msg[i - 1];
            size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (end - (i - 1) < want) err->msg[i - 1] = '\0';
        }
    }
}

void clear_err(xap_err *err)
{
    if (err) err->msg[0] = '\0';
}

}  // namespace

#define XAP_CATCH(fn, failret)                                                 \
    catch (const Xapian::Error &e) {                                           \
        set_err(err, fn, e.get_type(), e.get_msg().c_str());                   \
        return failret;                                                        \
    } catch (const std::bad_alloc &) {                                         \
        set_err(err, fn, nullptr, "out of memory");                            \
        return failret;                                                        \
    } catch (const std::exception &e) {                                        \
        set_err(err, fn, nullptr, e.what());                                   \
        return failret;                                                        \
    } catch (...) {                                                            \
        set_err(err, fn, nullptr, "unknown exception");                        \
        return failret;                                                        \
    }

#define XAP_ARG(cond, fn, failret)                                             \
    do {                                                                       \
        if (!(cond)) {                                                         \
            set_err(err, fn, nullptr, "invalid argument: " #cond);             \
            return failret;                                                    \
        }                                                                      \
    } while (0)

/* ------------------------------------------------------------------ writer */

extern "C" xap_wdb *xap_wdb_open(const char *path, xap_err *err)
{
    clear_err(err);
    XAP_ARG(path && *path, "xap_wdb_open", nullptr);
    try {
        return new xap_wdb{Xapian::WritableDatabase(
            path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_RETRY_LOCK)};
    }
    XAP_CATCH("xap_wdb_open", nullptr)
}

extern "C" void xap_wdb_close(xap_wdb *w)
{
    if (!w) return;
    try {
        w->db.close();   // commits pending changes (no transaction is used)
    } catch (...) {
        // Nothing to report to: the caller asked to close. Uncommitted
        // changes are lost; the queue rows they came from were not deleted.
    }
    try {
        delete w;
    } catch (...) {
    }
}

static int check_term(const char *term, const char *fn, xap_err *err)
{
    if (!term || !*term) {
        set_err(err, fn, nullptr, "empty term");
        return -1;
    }
    if (std::strlen(term) > MAX_TERM_BYTES) {
        set_err(err, fn, nullptr, "term longer than 245 bytes");
        return -1;
    }
    return 0;
}

extern "C" int xap_wdb_replace(xap_wdb *w, const char *idterm, xap_doc *doc, xap_err *err)
{
    clear_err(err);
    XAP_ARG(w && doc, "xap_wdb_replace", -1);
    if (check_term(idterm, "xap_wdb_replace", err) < 0) return -1;
    try {
        doc->doc.add_boolean_term(idterm);
        w->db.replace_document(std::string(idterm), doc->doc);
        return 0;
    }
    XAP_CATCH("xap_wdb_replace", -1)
}

extern "C" int xap_wdb_delete(xap_wdb *w, const char *idterm, xap_err *err)
{
    clear_err(err);
    XAP_ARG(w, "xap_wdb_delete", -1);
    if (check_term(idterm, "xap_wdb_delete", err) < 0) return -1;
    try {
        w->db.delete_document(std::string(idterm));   // missing: no-op
        return 0;
    }
    XAP_CATCH("xap_wdb_delete", -1)
}

extern "C" int xap_wdb_commit(xap_wdb *w, xap_err *err)
{
    clear_err(err);
    XAP_ARG(w, "xap_wdb_commit", -1);
    try {
        w->db.commit();
        return 0;
    }
    XAP_CATCH("xap_wdb_commit", -1)
}

extern "C" long xap_wdb_doccount(xap_wdb *w, xap_err *err)
{
    clear_err(err);
    XAP_ARG(w, "xap_wdb_doccount", -1);
    try {
        return (long)w->db.get_doccount();
    }
    XAP_CATCH("xap_wdb_doccount", -1)
}

extern "C" int xap_wdb_each_idterm(xap_wdb *w, int (*fn)(const char *term, void *ctx), void *ctx, xap_err *err)
{
    clear_err(err);
    XAP_ARG(w && fn, "xap_wdb_each_idterm", -1);
    try {
        // a copy of the terms first: fn may delete documents
        std::vector<std::string> terms;
        for (Xapian::TermIterator t = w->db.allterms_begin("Q"); t != w->db.allterms_end("Q"); ++t)
            terms.push_back(*t);
        for (const std::string &t : terms)
            if (fn(t.c_str(), ctx)) break;
        return 0;
    }
    XAP_CATCH("xap_wdb_each_idterm", -1)
}

namespace {

bool is_scope_term(const std::string &term)
{
    return term == "A*" || term == "I*" ||
           ((term[0] == 'C' || term[0] == 'G' || term[0] == 'U') && term.size() > 1 && std::isdigit((unsigned char)term[1]));
}

}  // namespace

extern "C" int xap_wdb_rescope(xap_wdb *w, const char *idterm, const char *scopes, long long group_id, xap_err *err)
{
    clear_err(err);
    XAP_ARG(w && scopes, "xap_wdb_rescope", -1);
    if (check_term(idterm, "xap_wdb_rescope", err) < 0) return -1;
    try {
        Xapian::PostingIterator p = w->db.postlist_begin(idterm);
        if (p == w->db.postlist_end(idterm)) return 0;
        Xapian::docid id = *p;
        Xapian::Document doc = w->db.get_document(id);
        std::vector<std::string> old;
        for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string &term = *t;
            if (is_scope_term(term) || (term.compare(0, 2, "XG") == 0 && term.size() > 2)) old.push_back(term);
        }
        for (const std::string &term : old) doc.remove_term(term);
        std::string all(scopes), term;
        all += ' ';
        for (char c : all) {
            if (c != ' ') { term += c; continue; }
            if (!term.empty()) doc.add_boolean_term(term);
            term.clear();
        }
        if (group_id > 0) {
            doc.add_boolean_term("XG" + std::to_string(group_id));
            doc.add_value(XAP_SLOT_GROUP, std::to_string(group_id));
        } else if (!doc.get_value(XAP_SLOT_GROUP).empty()) {
            doc.remove_value(XAP_SLOT_GROUP);          // throws when there is none
        }
        w->db.replace_document(id, doc);
        return 1;
    }
    XAP_CATCH("xap_wdb_rescope", -1)
}

extern "C" int xap_wdb_scopes(xap_wdb *w, const char *idterm, char *out, size_t n, xap_err *err)
{
    clear_err(err);
    XAP_ARG(w && out && n, "xap_wdb_scopes", -1);
    if (check_term(idterm, "xap_wdb_scopes", err) < 0) return -1;
    out[0] = '\0';
    try {
        Xapian::PostingIterator p = w->db.postlist_begin(idterm);
        if (p == w->db.postlist_end(idterm)) return 0;
        std::string scopes;
        Xapian::Document doc = w->db.get_document(*p);
        for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string &term = *t;
            if (!is_scope_term(term)) continue;
            if (!scopes.empty()) scopes += ' ';
            scopes += term;
        }
        if (scopes.size() >= n) {
            set_err(err, "xap_wdb_scopes", nullptr, "too many scope terms for the buffer");
            return -1;
        }
        std::memcpy(out, scopes.c_str(), scopes.size() + 1);
        return 1;
    }
    XAP_CATCH("xap_wdb_scopes", -1)
}

/* --------------------------------------------------------------- documents */

extern "C" xap_doc *xap_doc_new(xap_err *err)
{
    clear_err(err);
    try {
        xap_doc *d = new xap_doc;
        // The text is already folded; each word is indexed as is and, but
        // for names and stop words, also by its stem ("Z" terms: « reunions »
        // gives « Zreunion », « chevaux » « Zcheval », "meetings" "Zmeet"),
        // which full searches use.
        d->tg.set_stemmer(both_stems());
        d->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        d->tg.set_stopper(&stop_words());
        d->tg.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);
        // Chinese and Japanese have no spaces between words: their runs are
        // indexed as single characters and pairs (n-grams), and queries
        // split the same way, so that a word inside a sentence is found
        d->tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
        d->tg.set_document(d->doc);   // shares d->doc's internals
        return d;
    }
    XAP_CATCH("xap_doc_new", nullptr)
}

static const Xapian::valueno DATE_SLOT = 0;
// When a document may be found (xap_doc_set_shown): slots after the facets'.
static const Xapian::valueno SHOWN_FROM_SLOT = XAP_SLOTS;
static const Xapian::valueno SHOWN_UNTIL_SLOT = XAP_SLOTS + 1;
static const Xapian::doccount COUNT_EXACT_UP_TO = 2000;
static const int SEARCH_ATTEMPTS = 4;   // a search racing the writer (xap_search)

extern "C" int xap_doc_set_date(xap_doc *d, const char *iso, xap_err *err)
{
    clear_err(err);
    XAP_ARG(d && iso, "xap_doc_set_date", -1);
    try {
        d->doc.add_value(DATE_SLOT, iso);     // ISO dates sort as text
        return 0;
    }
    XAP_CATCH("xap_doc_set_date", -1)
}

extern "C" int xap_doc_set_value(xap_doc *d, unsigned slot, const char *value, xap_err *err)
{
    clear_err(err);
    XAP_ARG(d && value && slot > XAP_SLOT_DATE && slot < XAP_SLOTS, "xap_doc_set_value", -1);
    try {
        d->doc.add_value(slot, value);
        return 0;
    }
    XAP_CATCH("xap_doc_set_value", -1)
}

extern "C" int xap_doc_set_shown(xap_doc *d, const char *from, const char *until, xap_err *err)
{
    clear_err(err);
    XAP_ARG(d, "xap_doc_set_shown", -1);
    try {
        if (from && *from) d->doc.add_value(SHOWN_FROM_SLOT, from);
        if (until && *until) d->doc.add_value(SHOWN_UNTIL_SLOT, until);
        return 0;
    }
    XAP_CATCH("xap_doc_set_shown", -1)
}

extern "C" void xap_doc_free(xap_doc *d)
{
    try {
        delete d;
    } catch (...) {
    }
}

extern "C" int xap_doc_index_text(xap_doc *d, const char *text, const char *prefix, xap_err *err)
{
    clear_err(err);
    XAP_ARG(d && text, "xap_doc_index_text", -1);
    try {
        // A gap between fields, so a phrase cannot match across two of them.
        if (d->has_text) d->tg.increase_termpos();
        d->tg.index_text(std::string(text), 1, std::string(prefix ? prefix : ""));
        d->has_text = true;
        return 0;
    }
    XAP_CATCH("xap_doc_index_text", -1)
}

extern "C" int xap_doc_index_name(xap_doc *d, const char *text, const char *prefix, xap_err *err)
{
    clear_err(err);
    XAP_ARG(d && text, "xap_doc_index_name", -1);
    try {
        d->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
        int rc = xap_doc_index_text(d, text, (std::string("N") + (prefix ? prefix : "")).c_str(), err);
        d->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        return rc;
    }
    XAP_CATCH("xap_doc_index_name", -1)
}

// "Did you mean" draws on the "XS" words of the documents that carry them
// (the news): plain terms, so that they leave the index with their
// document, and no spelling table (Xapian 1.4.22's Glass spelling table
// was corrupted by this project's volume: "Too few chunks of compressed
// data", measured with 1,000,000 posts).
extern "C" int xap_doc_add_spelling(xap_doc *d, const char *text, xap_err *err)
{
    clear_err(err);
    XAP_ARG(d && text, "xap_doc_add_spelling", -1);
    try {
        Xapian::Document tmp;
        Xapian::TermGenerator tg;
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
        tg.set_document(tmp);
        tg.index_text_without_positions(text);
        for (Xapian::TermIterator t = tmp.termlist_begin(); t != tmp.termlist_end(); ++t)
            if ((*t).size() >= 4 && (*t).size() <= 40) d->doc.add_boolean_term("XS" + *t);
        return 0;
    }
    XAP_CATCH("xap_doc_add_spelling", -1)
}

extern "C" int xap_doc_add_boolean(xap_doc *d, const char *term, xap_err *err)
{
    clear_err(err);
    XAP_ARG(d, "xap_doc_add_boolean", -1);
    if (check_term(term, "xap_doc_add_boolean", err) < 0) return -1;
    try {
        d->doc.add_boolean_term(std::string(term));
        return 0;
    }
    XAP_CATCH("xap_doc_add_boolean", -1)
}

extern "C" int xap_doc_set_data(xap_doc *d, const char *data, size_t len, xap_err *err)
{
    clear_err(err);
    XAP_ARG(d && (data || len == 0), "xap_doc_set_data", -1);
    try {
        d->doc.set_data(len ? std::string(data, len) : std::string());
        return 0;
    }
    XAP_CATCH("xap_doc_set_data", -1)
}

/* ------------------------------------------------------------------ reader */

extern "C" xap_rdb *xap_rdb_open(const char *path, xap_err *err)
{
    clear_err(err);
    XAP_ARG(path && *path, "xap_rdb_open", nullptr);
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        if (e == ENOENT)
            set_err(err, "xap_rdb_open", nullptr,
                    "search index does not exist yet (the indexer has not "
                    "created it); retry later");
        else
            set_err(err, "xap_rdb_open", "stat", std::strerror(e));
        return nullptr;
    }
    try {
        xap_rdb *r = new xap_rdb{Xapian::Database(path), std::string(path), false, nullptr};
        return r;
    } catch (const Xapian::DatabaseOpeningError &e) {
        // Includes DatabaseNotFoundError: e.g. the directory exists but the
        // indexer is still creating the database in it.
        char msg[200];
        std::snprintf(msg, sizeof msg, "search index not ready (retry later): %s",
                      e.get_msg().c_str());
        set_err(err, "xap_rdb_open", e.get_type(), msg);
        return nullptr;
    }
    XAP_CATCH("xap_rdb_open", nullptr)
}

extern "C" void xap_rdb_close(xap_rdb *r)
{
    if (!r) return;
    try {
        r->db.close();
    } catch (...) {
    }
    try {
        delete r;
    } catch (...) {
    }
}

extern "C" int xap_rdb_reopen(xap_rdb *r, xap_err *err)
{
    clear_err(err);
    XAP_ARG(r, "xap_rdb_reopen", -1);
    try {
        if (r->suspect) {
            r->db = Xapian::Database(r->path);
            r->suspect = false;
        } else {
            r->db.reopen();
        }
        return 0;
    }
    XAP_CATCH("xap_rdb_reopen", -1)
}

extern "C" long xap_rdb_doccount(xap_rdb *r, xap_err *err)
{
    clear_err(err);
    XAP_ARG(r, "xap_rdb_doccount", -1);
    try {
        return (long)r->db.get_doccount();
    }
    XAP_CATCH("xap_rdb_doccount", -1)
}

/* ------------------------------------------------------------------ search */

namespace {

// Last resort for a query the parser refuses: the words, tokenised exactly
// as indexed text is, all required.
Xapian::Query plain_terms(const std::string &text)
{
    Xapian::Document tmp;
    Xapian::TermGenerator tg;
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);   // as indexed
    tg.set_document(tmp);
    tg.index_text_without_positions(text);
    std::vector<Xapian::Query> terms;
    for (Xapian::TermIterator t = tmp.termlist_begin(); t != tmp.termlist_end(); ++t)
        terms.emplace_back(*t);
    if (terms.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
}

bool is_stop_word(const std::string &w)
{
    return stop_words()(w);
}

// "hel dup" -> "hel* dup": every plain word but the last (which FLAG_PARTIAL
// covers) becomes a capped wildcard. Words with operators or quotes, single
// letters and stop words are left alone.
std::string prefix_words(const std::string &text)
{
    std::vector<std::string> words;
    std::string w;
    for (char c : text) {
        if (c == ' ') { if (!w.empty()) words.push_back(w); w.clear(); }
        else w += c;
    }
    if (!w.empty()) words.push_back(w);
    std::string out;
    for (size_t i = 0; i < words.size(); i++) {
        const std::string &t = words[i];
        bool plain = t.size() >= 2 && !is_stop_word(t);
        for (unsigned char c : t)
            if (!(std::isalnum(c) || c >= 0x80)) { plain = false; break; }
        if (!out.empty()) out += ' ';
        out += t;
        if (plain && i + 1 < words.size()) out += '*';
    }
    return out;
}

// Stop words taken out of a query's text, outside quotes (phrases keep
// them), with their + or - too; the text as it was when nothing else would
// be left. Done here rather than by QueryParser::set_stopper: with two
// default prefixes and FLAG_PARTIAL, Xapian 1.4.22's parser crashes on
// "r +,m l m" (found by tests/fuzz/fuzz_query.c).
std::string drop_stop_words(const std::string &text)
{
    std::string out, token;
    bool quoted = false, kept_word = false;
    std::string all = text + ' ';
    for (char c : all) {
        if (c != ' ') { token += c; continue; }
        if (token.empty()) continue;
        bool starts_quoted = quoted;
        for (char t : token) if (t == '"') quoted = !quoted;
        std::string core = token[0] == '+' || token[0] == '-' ? token.substr(1) : token;
        bool plain = !core.empty();
        for (unsigned char t : core) if (!(std::isalnum(t) || t >= 0x80)) plain = false;
        if (!starts_quoted && !quoted && plain && is_stop_word(core)) { token.clear(); continue; }
        if (plain) kept_word = true;
        if (!out.empty()) out += ' ';
        out += token;
        token.clear();
    }
    return kept_word ? out : text;
}

// A person's query text, never an error: full syntax first, then no syntax,
// then plain words. `prefixes` are the term prefixes plain words stand for
// ("" text, "N" names); `stem`: words by their stems (text only).
Xapian::Query parse_one(const Xapian::Database &db, const std::string &text, unsigned extra_flags,
                        std::initializer_list<const char *> prefixes, bool stem)
{
    Xapian::QueryParser qp;
    qp.set_database(db);   // needed to expand partial words and wildcards
    qp.set_default_op(Xapian::Query::OP_AND);
    for (const char *p : prefixes) qp.add_prefix("", p);
    if (stem) {
        qp.set_stemmer(both_stems());
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    } else {
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    }
    qp.set_max_expansion(MAX_EXPANSION, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    // CJK text split into n-grams as it was indexed (xap_doc_new), with or
    // without syntax
    extra_flags |= Xapian::QueryParser::FLAG_CJK_NGRAM;
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                     Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_BOOLEAN | extra_flags;
    try {
        return qp.parse_query(text, flags);
    } catch (const Xapian::QueryParserError &) {
    }
    try {
        return qp.parse_query(text, extra_flags);
    } catch (const Xapian::QueryParserError &) {
    }
    return plain_terms(text);
}

// The query for a mode (xap.h). A full search looks for words by their
// stems in text (one posting list a word: « reunion » finds « reunions »)
// and as typed in names, whose terms are few.
Xapian::Query parse_text(const Xapian::Database &db, const std::string &typed, int mode)
{
    const std::string raw = drop_stop_words(typed);
    const unsigned WILD = Xapian::QueryParser::FLAG_WILDCARD, PARTIAL = Xapian::QueryParser::FLAG_PARTIAL;
    switch (mode) {
    case XAP_FULL: {
        Xapian::Query text = parse_one(db, raw, WILD, {""}, true);
        Xapian::Query names = parse_one(db, raw, WILD, {"N"}, false);
        if (text.empty()) return names;
        if (names.empty()) return text;
        return Xapian::Query(Xapian::Query::OP_OR, text, names);
    }
    case XAP_PREFIX_ALL:
        return parse_one(db, prefix_words(raw), PARTIAL | WILD, {"", "N"}, false);
    case XAP_PREFIX_LAST:
        return parse_one(db, raw, PARTIAL, {"", "N"}, false);
    default:
        return parse_one(db, raw, 0, {"", "N"}, false);
    }
}

struct hit_copy {
    std::string data;
    int percent;
};

// The most frequent values a spy saw, scaled up when it saw only part of
// the matches (the matcher stops counting after a few thousand).
void facet_of(const Xapian::ValueCountMatchSpy &spy, Xapian::doccount matches, xap_facet &out)
{
    out.n = 0;
    Xapian::doccount seen = spy.get_total();
    for (Xapian::TermIterator v = spy.top_values_begin(XAP_FACET_TOP);
         v != spy.top_values_end(XAP_FACET_TOP) && out.n < XAP_FACET_TOP; ++v) {
        const std::string value = *v;
        if (value.empty() || value.size() >= sizeof out.values[0].value) continue;
        xap_facet_value &f = out.values[out.n++];
        std::memcpy(f.value, value.c_str(), value.size() + 1);
        unsigned long count = v.get_termfreq();
        if (seen && matches > seen) count = (unsigned long)((double)count * matches / seen + 0.5);
        f.count = count;
    }
}

// The facets: the values of the first few thousand matches in index order
// (no ranking: weighing them all again would cost as much as the search),
// scaled to the whole when there are more. Spies in the ranked pass would
// read the values of every match: twice the time of the search at a
// million posts (bench/RESULTS.md).
// Returns the matches' estimate of its own pass.
Xapian::doccount count_facets(const Xapian::Database &db, const Xapian::Query &query, unsigned wanted,
                              Xapian::doccount matches, xap_facet *facets)
{
    Xapian::Enquire enq(db);
    enq.set_query(query);
    enq.set_weighting_scheme(Xapian::BoolWeight());
    enq.set_docid_order(Xapian::Enquire::DONT_CARE);
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;   // the Enquire only points to them
    std::vector<unsigned> slots;
    for (unsigned s = XAP_SLOT_KIND; s < XAP_SLOTS; s++)
        if (wanted & (1u << s)) {
            // owned before the vector grows: a growth that fails must
            // not lose it (the allocation torture found that leak)
            std::unique_ptr<Xapian::ValueCountMatchSpy> spy(new Xapian::ValueCountMatchSpy(s));
            spies.push_back(std::move(spy));
            slots.push_back(s);
            enq.add_matchspy(spies.back().get());
        }
    Xapian::MSet m = enq.get_mset(0, 0, COUNT_EXACT_UP_TO);
    if (!matches) matches = m.get_matches_estimated();
    for (size_t i = 0; i < spies.size(); i++) facet_of(*spies[i], matches, facets[slots[i]]);
    return m.get_matches_estimated();
}

// The kinds of `query` alone (xap_query.kinds_all: the tabs' counts).
xap_facet count_kinds(const Xapian::Database &db, const Xapian::Query &query)
{
    xap_facet k[XAP_SLOTS];
    count_facets(db, query, 1u << XAP_SLOT_KIND, 0, k);
    return k[XAP_SLOT_KIND];
}

}  // namespace

// The facets' pass on a thread of its own, with a database handle of its
// own (a handle is not shared between threads; the query crosses as its
// serialisation, Xapian's reference counts not being atomic), while the
// ranked pass runs: the two passes take the two cores.
// Its lifetime: every member the thread touches is constructed before the
// thread starts (in the constructor's body, not its initialiser list:
// members are built in declaration order, and a thread started early
// locked a mutex not yet built), and the thread is stopped and joined
// before any member is destroyed.
struct facet_thread {
    std::string path;
    std::mutex m;
    std::condition_variable cv;
    enum { IDLE, ASKED, DONE } state = IDLE;
    bool quit = false, ok = false;
    std::string query, kinds_query;   // kinds_query: "" when none
    unsigned wanted = 0;
    Xapian::doccount estimate = 0;
    xap_facet out[XAP_SLOTS], kinds_out;
    std::thread th;   // last: started once the rest exists

    explicit facet_thread(const std::string &p) : path(p)
    {
        for (unsigned s = 0; s < XAP_SLOTS; s++) out[s].n = 0;
        th = std::thread(&facet_thread::loop, this);
    }
    ~facet_thread()
    {
        { std::lock_guard<std::mutex> g(m); quit = true; }
        cv.notify_all();
        if (th.joinable()) th.join();
    }
    facet_thread(const facet_thread &) = delete;
    facet_thread &operator=(const facet_thread &) = delete;

    // q's facets `w`, and when kq is not empty the kinds of kq
    void submit(const std::string &q, unsigned w, const std::string &kq)
    {
        std::unique_lock<std::mutex> g(m);
        cv.wait(g, [this] { return state != ASKED; });   // an earlier pass, abandoned by an exception
        query = q;
        kinds_query = kq;
        wanted = w;
        state = ASKED;
        g.unlock();
        cv.notify_all();
    }

    // Its facets, scaled to `matches`; false when it failed (then the
    // caller counts them itself).
    bool collect(Xapian::doccount matches, xap_facet *facets)
    {
        std::unique_lock<std::mutex> g(m);
        cv.wait(g, [this] { return state == DONE; });
        state = IDLE;
        if (!ok) return false;
        for (unsigned s = 0; s < XAP_SLOTS; s++) {
            facets[s] = out[s];
            for (size_t i = 0; estimate && matches != estimate && i < facets[s].n; i++)
                facets[s].values[i].count = (unsigned long)((double)facets[s].values[i].count * matches / estimate + 0.5);
        }
        if (!kinds_query.empty()) facets[XAP_SLOT_KIND] = kinds_out;   // scaled to its own pass
        return true;
    }

    // One pass: the facets of the query asked, into res; false when it
    // failed (the caller then counts them itself). Nothing escapes it: an
    // exception leaving a thread's function ends the process.
    bool pass(std::unique_ptr<Xapian::Database> &db, const std::string &q, unsigned w, const std::string &kq,
              Xapian::doccount &est, xap_facet *res, xap_facet &kinds)
    {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                if (!db) db.reset(new Xapian::Database(path));
                else db->reopen();
                if (w) est = count_facets(*db, Xapian::Query::unserialise(q), w, 0, res);
                if (!kq.empty()) kinds = count_kinds(*db, Xapian::Query::unserialise(kq));
                return true;
            } catch (...) {
                db.reset();   // opened again for the second attempt
            }
        }
        return false;
    }

    void loop()
    {
        std::unique_ptr<Xapian::Database> db;
        std::unique_lock<std::mutex> g(m);
        for (;;) {
            cv.wait(g, [this] { return quit || state == ASKED; });
            if (quit) return;
            bool good = false;
            Xapian::doccount est = 0;
            xap_facet res[XAP_SLOTS], kinds;
            for (unsigned s = 0; s < XAP_SLOTS; s++) res[s].n = 0;
            kinds.n = 0;
            {
                std::string q, kq;
                try {
                    q = query;   // may fail for want of memory: then no pass
                    kq = kinds_query;
                } catch (...) {
                    q.clear();
                }
                unsigned w = wanted;
                g.unlock();
                if (!q.empty()) good = pass(db, q, w, kq, est, res, kinds);
            }   // the pass's memory is given back before the answer is
            g.lock();
            ok = good;
            estimate = est;
            for (unsigned s = 0; s < XAP_SLOTS; s++) out[s] = res[s];
            kinds_out = kinds;
            state = DONE;
            cv.notify_all();
        }
    }
};

xap_rdb::~xap_rdb() = default;

namespace {

facet_thread *facets_of_rdb(xap_rdb *r)
{
    if (!r->facets) {
        try {
            r->facets.reset(new facet_thread(r->path));
        } catch (...) {
            return nullptr;   // no thread: the facets are counted in turn
        }
    }
    return r->facets.get();
}

// `filter` without the documents not shown at `now` (xap_doc_set_shown),
// but for those carrying one of `seen` (a post's author sees it before it
// is published). The hits, their count and the facets all come through
// this filter, so that no count reveals what the hits hide. Documents
// without those values (people, files...) are always shown: ranges never
// match an empty value.
Xapian::Query shown_at(const Xapian::Query &filter, const char *now, const char *const *seen)
{
    // "from > now": from >= the string right after `now` (`now` + NUL)
    std::string after_now(now);
    after_now.push_back('\0');
    Xapian::Query unshown(Xapian::Query::OP_OR,
                          Xapian::Query(Xapian::Query::OP_VALUE_GE, SHOWN_FROM_SLOT, after_now),
                          Xapian::Query(Xapian::Query::OP_VALUE_RANGE, SHOWN_UNTIL_SLOT, "0", std::string(now)));
    std::vector<Xapian::Query> exempt;
    if (seen)
        for (const char *const *t = seen; *t; t++)
            if (**t) exempt.emplace_back(*t);
    if (!exempt.empty())
        unshown = Xapian::Query(Xapian::Query::OP_AND_NOT, unshown,
                                Xapian::Query(Xapian::Query::OP_OR, exempt.begin(), exempt.end()));
    return Xapian::Query(Xapian::Query::OP_AND_NOT, filter, unshown);
}

// One attempt; may throw DatabaseModifiedError, which the caller retries.
// kinds_filter: empty, or the filter of the kinds' count (xap_query.kinds_all).
void run_search(xap_rdb *r, const xap_query *q, const Xapian::Query &filter, const Xapian::Query &kinds_filter,
                unsigned long &estimated, std::vector<hit_copy> &hits, xap_facet *facets)
{
    hits.clear();
    estimated = 0;
    for (unsigned s = 0; s < XAP_SLOTS; s++) facets[s].n = 0;
    Xapian::Query parsed = parse_text(r->db, q->text, q->partial);
    if (parsed.empty()) return;   // no words: no hit
    Xapian::Query dates;   // empty: no limit
    if (q->date_from && *q->date_from)
        dates = Xapian::Query(Xapian::Query::OP_VALUE_GE, DATE_SLOT, std::string(q->date_from));
    if (q->date_to && *q->date_to) {   // the whole last day: "YYYY-MM-DD" + "U" sorts after its times
        Xapian::Query to(Xapian::Query::OP_VALUE_LE, DATE_SLOT, std::string(q->date_to) + "U");
        dates = dates.empty() ? to : Xapian::Query(Xapian::Query::OP_AND, dates, to);
    }
    Xapian::Query limits = dates.empty() ? filter : Xapian::Query(Xapian::Query::OP_AND, filter, dates);
    Xapian::Enquire enq(r->db);
    enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER, parsed, limits));
    Xapian::Query kinds;   // the kinds' count, when asked apart
    if (!kinds_filter.empty())
        kinds = Xapian::Query(Xapian::Query::OP_FILTER, parsed,
                              dates.empty() ? kinds_filter : Xapian::Query(Xapian::Query::OP_AND, kinds_filter, dates));
    if (q->limit == 0 && q->facets) {   // counts only: the facets' pass gives them
        estimated = count_facets(r->db, enq.get_query(), q->facets, 0, facets);
        if (!kinds.empty()) facets[XAP_SLOT_KIND] = count_kinds(r->db, kinds);
        return;
    }
    if (q->newest_first) enq.set_sort_by_value_then_relevance(DATE_SLOT, true);
    // Counts are exact up to a few thousand matches, estimated beyond:
    // counting every match of a common word among a million posts cost
    // tens of milliseconds a query (bench/RESULTS.md). The filter keeps
    // the count to what the person may see either way.
    // the facets' pass meanwhile, on the other core
    facet_thread *ft = q->facets || !kinds.empty() ? facets_of_rdb(r) : nullptr;
    if (ft) ft->submit(enq.get_query().serialise(), q->facets, kinds.empty() ? std::string() : kinds.serialise());
    Xapian::MSet m = enq.get_mset(q->offset, q->limit, q->offset + q->limit + COUNT_EXACT_UP_TO);
    estimated = m.get_matches_estimated();
    if (!ft || !ft->collect(estimated, facets)) {   // no thread, or it failed: in turn
        if (q->facets) count_facets(r->db, enq.get_query(), q->facets, estimated, facets);
        if (!kinds.empty()) facets[XAP_SLOT_KIND] = count_kinds(r->db, kinds);
    }
    hits.reserve(m.size());
    for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it)
        hits.push_back(hit_copy{it.get_document().get_data(), it.get_percent()});
}

}  // namespace

extern "C" int xap_search(xap_rdb *r, const xap_query *q, xap_result *out, xap_err *err)
{
    clear_err(err);
    XAP_ARG(out, "xap_search", -1);
    out->estimated = 0;
    out->n = 0;
    out->hits = nullptr;
    for (unsigned s = 0; s < XAP_SLOTS; s++) out->facets[s].n = 0;
    XAP_ARG(r && q, "xap_search", -1);
    try {
        if (!q->text || !*q->text) return 0;

        // Scope terms. An empty string would make Query("") = MatchAll, so
        // it is skipped; no usable scope term at all means no hit.
        std::vector<Xapian::Query> any;
        if (q->any)
            for (const char *const *t = q->any; *t; t++)
                if (**t) any.emplace_back(*t);
        if (any.empty()) return 0;
        Xapian::Query scopes(Xapian::Query::OP_OR, any.begin(), any.end());
        // the scopes, with every term of `all` and one of `one_of`, and
        // only what is shown now
        auto filter_of = [&](const char *const *all_terms, const char *const *one_of_terms) {
            std::vector<Xapian::Query> all;
            if (all_terms)
                for (const char *const *t = all_terms; *t; t++)
                    if (**t) all.emplace_back(*t);
            Xapian::Query f = scopes;
            std::vector<Xapian::Query> one_of;
            if (one_of_terms)
                for (const char *const *t = one_of_terms; *t; t++)
                    if (**t) one_of.emplace_back(*t);
            if (!one_of.empty())
                f = Xapian::Query(Xapian::Query::OP_AND, f, Xapian::Query(Xapian::Query::OP_OR, one_of.begin(), one_of.end()));
            if (!all.empty())
                f = Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end()), f);
            if (q->now && *q->now) f = shown_at(f, q->now, q->sees_unshown);
            return f;
        };
        Xapian::Query filter = filter_of(q->all, q->one_of);
        Xapian::Query kinds_filter;   // empty: the kinds are counted with the rest
        if (q->kinds_all) kinds_filter = filter_of(q->kinds_all, nullptr);

        unsigned long estimated = 0;
        std::vector<hit_copy> hits;
        // The writer moved on (DatabaseModifiedError), or a search outlived
        // two of its commits and read blocks it had reused: glass then may
        // report a tag cut short ("Too few chunks of compressed data")
        // where it would report a modification. Again on the new revision,
        // a few times; a real corruption fails every time and is reported.
        for (int attempt = 0;; attempt++) {
            try {
                run_search(r, q, filter, kinds_filter, estimated, hits, out->facets);
                break;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt == SEARCH_ATTEMPTS - 1) throw;
            } catch (const Xapian::DatabaseCorruptError &) {
                if (attempt == SEARCH_ATTEMPTS - 1) throw;
            }
            r->db.reopen();
        }

        if (hits.empty()) {
            out->estimated = estimated;
            return 0;
        }
        xap_hit *h = (xap_hit *)std::calloc(hits.size(), sizeof *h);
        if (!h) throw std::bad_alloc();
        for (size_t i = 0; i < hits.size(); i++) {
            const std::string &d = hits[i].data;
            h[i].data = (char *)std::malloc(d.size() + 1);   // NUL-terminated too
            if (!h[i].data) {
                for (size_t j = 0; j < i; j++) std::free(h[j].data);
                std::free(h);
                throw std::bad_alloc();
            }
            std::memcpy(h[i].data, d.data(), d.size());
            h[i].data[d.size()] = '\0';
            h[i].data_len = d.size();
            h[i].percent = hits[i].percent;
        }
        out->estimated = estimated;
        out->n = hits.size();
        out->hits = h;
        return 0;
    } catch (const std::bad_alloc &) {
        r->suspect = true;                   // opened anew at the next reopen
        set_err(err, "xap_search", nullptr, "out of memory");
        return -1;
    } catch (const Xapian::Error &e) {
        set_err(err, "xap_search", e.get_type(), e.get_msg().c_str());
        return -1;
    } catch (const std::exception &e) {
        set_err(err, "xap_search", nullptr, e.what());
        return -1;
    } catch (...) {
        set_err(err, "xap_search", nullptr, "unknown exception");
        return -1;
    }
}

namespace {

// Edit distance (bytes), giving up above `limit`.
unsigned edit_distance(const std::string &a, const std::string &b, unsigned limit)
{
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
    std::vector<unsigned> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); j++) prev[j] = (unsigned)j;
    for (size_t i = 1; i <= a.size(); i++) {
        cur[0] = (unsigned)i;
        unsigned best = cur[0];
        for (size_t j = 1; j <= b.size(); j++) {
            unsigned sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min(std::min(prev[j] + 1, cur[j - 1] + 1), sub);
            best = std::min(best, cur[j]);
        }
        if (best > limit) return limit + 1;
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

extern "C" int xap_suggest(xap_rdb *r, const char *text, char *out, size_t n, xap_err *err)
{
    clear_err(err);
    XAP_ARG(r && text && out && n, "xap_suggest", -1);
    out[0] = '\0';
    try {
        // each plain word the news do not have, replaced by the closest
        // one they have (same first letter; 1 edit under 6 letters, else 2)
        std::string result, word;
        bool changed = false;
        std::string q(text);
        q += ' ';
        for (char c : q) {
            if (c != ' ') { word += c; continue; }
            if (word.empty()) continue;
            std::string best = word;
            bool plain = word.size() >= 4;
            for (unsigned char ch : word)
                if (!(std::isalnum(ch) || ch >= 0x80)) plain = false;
            if (plain && r->db.term_exists("XS" + word) == false) {
                unsigned limit = word.size() < 6 ? 1 : 2, best_d = limit + 1;
                Xapian::doccount best_f = 0;
                std::string prefix = "XS" + word.substr(0, 1);
                for (Xapian::TermIterator t = r->db.allterms_begin(prefix); t != r->db.allterms_end(prefix); ++t) {
                    std::string cand = (*t).substr(2);
                    unsigned d = edit_distance(word, cand, limit);
                    if (d < best_d || (d == best_d && d <= limit && t.get_termfreq() > best_f)) {
                        best_d = d; best_f = t.get_termfreq(); best = cand;
                    }
                }
                if (best_d > limit) best = word;
                else changed = true;
            }
            if (!result.empty()) result += ' ';
            result += best;
            word.clear();
        }
        if (changed && result.size() < n) std::memcpy(out, result.c_str(), result.size() + 1);
        return 0;
    }
    XAP_CATCH("xap_suggest", -1)
}

extern "C" void xap_result_free(xap_result *res)
{
    if (!res) return;
    for (size_t i = 0; i < res->n; i++) std::free(res->hits[i].data);
    std::free(res->hits);
    res->hits = nullptr;
    res->n = 0;
    res->estimated = 0;
}
