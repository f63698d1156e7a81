/* parvis-ctl supervise: the top-level supervisor (see supervise.c). */
#ifndef PARVIS_CTL_SUPERVISE_H
#define PARVIS_CTL_SUPERVISE_H
/* argv[0] is the run directory, then the services; returns the exit code. */
int ctl_supervise(int argc, char **argv);
#endif
