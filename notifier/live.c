#include "live.h"
#include "log.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static CURL *curl;
static char sock[512];

static size_t discard(char *p, size_t size, size_t n, void *u) { (void)p; (void)u; return size * n; }

int live_init(const char *socket_path)
{
    snprintf(sock, sizeof sock, "%s", socket_path);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return -1;
    curl = curl_easy_init();
    return curl ? 0 : -1;
}

void live_close(void)
{
    if (curl) curl_easy_cleanup(curl);
    curl = NULL;
    curl_global_cleanup();
}

int live_publish(const char *channel, const char *json)
{
    if (!curl) return -1;
    /* the host is nginx's publisher server on the unix socket */
    size_t n = strlen(channel) + 32;
    char *url = malloc(n);
    if (!url) return -1;
    snprintf(url, n, "http://live/pub?id=%s", channel);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, sock);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    free(url);
    if (rc != CURLE_OK || status >= 300) {
        static int told;
        if (!told++) log_error("live: publishing to %s failed (%s, %ld); live pages catch up later",
                               channel, curl_easy_strerror(rc), status);
        return -1;
    }
    return 0;
}
