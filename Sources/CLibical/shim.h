// libical 3 (Debian: libical-dev, installed by Scripts/bootstrap), linked as a system library.
#include <libical/ical.h>
