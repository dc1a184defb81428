#include "CCurl.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
} curl;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure;
static char message[512];

static void load(void) {
    // Debian's libcurl4 (OpenSSL), or its GnuTLS build where only that is installed.
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(message, sizeof message, "cannot load libcurl (Debian package libcurl4): %s", dlerror());
        failure = message;
        return;
    }
#define FIND(field, name)                                                                         \
    if (!(*(void **)&curl.field = dlsym(library, name))) {                                        \
        snprintf(message, sizeof message, "libcurl.so.4 has no %s: it is too old", name);          \
        failure = message;                                                                        \
        return;                                                                                   \
    }
    FIND(global_init, "curl_global_init")
    FIND(easy_init, "curl_easy_init")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(easy_perform, "curl_easy_perform")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_getinfo, "curl_easy_getinfo")
#undef FIND
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(message, sizeof message, "curl_global_init failed");
        failure = message;
    }
}

const char *huddle_curl_load(void) {
    pthread_once(&once, load);
    return failure;
}

// Handles come only from huddle_curl_easy_init, which loads the library first; the others are
// called with such a handle (or a list), so libcurl is loaded by then.
CURL *huddle_curl_easy_init(void) { return huddle_curl_load() ? NULL : curl.easy_init(); }
void huddle_curl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
CURLcode huddle_curl_easy_perform(CURL *handle) { return curl.easy_perform(handle); }
const char *huddle_curl_easy_strerror(CURLcode code) { return huddle_curl_load() ? "libcurl is not loaded" : curl.easy_strerror(code); }
struct curl_slist *huddle_curl_slist_append(struct curl_slist *list, const char *text) {
    return huddle_curl_load() ? NULL : curl.slist_append(list, text);
}
void huddle_curl_slist_free_all(struct curl_slist *list) {
    if (list) curl.slist_free_all(list);
}
CURLcode huddle_curl_setopt_long(CURL *handle, CURLoption option, long value) { return curl.easy_setopt(handle, option, value); }
CURLcode huddle_curl_setopt_pointer(CURL *handle, CURLoption option, const void *value) { return curl.easy_setopt(handle, option, value); }
CURLcode huddle_curl_setopt_callback(CURL *handle, CURLoption option, huddle_curl_data_callback callback) {
    return curl.easy_setopt(handle, option, callback);
}
CURLcode huddle_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) { return curl.easy_getinfo(handle, info, value); }
