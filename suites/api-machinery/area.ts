// The api-machinery area: the generic Kubernetes API behaviour every logical cluster serves
// (CRUD, errors as metav1.Status, selectors, watch, discovery, wire format).
export const AREA = 'api-machinery';
