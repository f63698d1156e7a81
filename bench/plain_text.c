/* The plain text of Markdown (lib/markdown.c, markdown_plain): what the
 * indexer pays per post, comment or message, and what a search page pays
 * when it renders the 20 hits of an index written before the text was
 * kept. N posts of about SIZE bytes (headings, emphasis, links, mentions,
 * lists, code), each rendered alone and timed; the HTML rendering of the
 * same posts for comparison. Prints "plain P50 P99 MAX MBPS" and "html
 * P50 P99 MAX MBPS" (µs, MB/s), "bytes TOTAL". Run by bench/plain_text.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "markdown.h"

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int any(void *ctx, long long id) { (void)ctx; return id > 0; }

static void report(const char *what, double *t, int n, size_t bytes)
{
    double sum = 0;
    for (int i = 0; i < n; i++) sum += t[i];
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("%s %.1f %.1f %.1f %.0f\n", what, t[n / 2], t[(n * 99) / 100], t[n - 1], (double)bytes / sum);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 1000;
    size_t size = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 2000;
    if (n < 1) n = 1;
    static const char *pieces[] = {
        "## Point d'étape\n\n", "**Relire** le budget de l'école avant jeudi. ", "Merci [@Hélène Dupont](mention:42) ",
        "et [@Jérôme Martin](mention:7) ! ", "Voir [le compte rendu](https://intranet.example.org/cr/2026-12) ",
        "et ![le plan](https://example.org/plan.png). ", "\n\n- une salle\n- deux tables\n- `vidéoprojecteur`\n\n",
        "> Citation d'un _courriel_ reçu hier.\n\n", "```\nligne de code <b>\n```\n\n", "#budget #école ",
        "Un paragraphe ordinaire, avec des accents, des élisions et quelques mots de plus pour la longueur. ",
    };
    size_t np = sizeof pieces / sizeof *pieces;
    char **posts = malloc((size_t)n * sizeof *posts);
    double *tp = malloc((size_t)n * sizeof *tp), *th = malloc((size_t)n * sizeof *th);
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        posts[i] = malloc(size + 256);
        size_t len = 0;
        for (size_t k = (size_t)i; len < size; k = k * 7 + 3) {
            const char *p = pieces[k % np];
            memcpy(posts[i] + len, p, strlen(p));
            len += strlen(p);
        }
        posts[i][len] = 0;
        total += len;
    }
    for (int i = 0; i < n; i++) {
        double t0 = now_us();
        char *s = markdown_plain(posts[i], strlen(posts[i]), NULL);
        tp[i] = now_us() - t0;
        if (!s) { fprintf(stderr, "markdown_plain failed\n"); return 1; }
        free(s);
        markdown_out o;
        t0 = now_us();
        if (markdown_render(posts[i], strlen(posts[i]), any, NULL, &o)) { fprintf(stderr, "render failed\n"); return 1; }
        th[i] = now_us() - t0;
        markdown_free(&o);
    }
    report("plain", tp, n, total);
    report("html", th, n, total);
    printf("bytes %zu\n", total);
    for (int i = 0; i < n; i++) free(posts[i]);
    free(posts);
    free(tp);
    free(th);
    return 0;
}
