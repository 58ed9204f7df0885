// The watch area: what a watch stream promises a client (informers, controllers) in one
// workspace: order, exact resumption, 410 Expired, bookmarks, initial events, selector
// transitions, timeouts, isolation, and many watchers agreeing on one history.
export const AREA = 'watch';
