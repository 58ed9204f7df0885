// A provider controller written the way providers write them with client-go: one dynamic
// informer on the APIExport virtual workspace's /clusters/* URL sees the exported resource in every
// bound consumer; each object's kcp.io/cluster annotation says which consumer it lives in, and the
// status write goes to that consumer through /clusters/<name> of the same virtual workspace.
//
// The harness's compatibility test (tests/compat/go-provider.test.ts) builds and runs it against
// the reference server and, by environment variable, against a real kcp. It reconciles by setting
// status.reconciled=true and status.observedSize=spec.size, and prints one line per reconcile:
//
//	reconciled <cluster>/<namespace>/<name> size=<n>
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
)

const clusterAnnotation = "kcp.io/cluster"

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig whose current identity is the provider")
	kubeContext := flag.String("context", "", "kubeconfig context (default: current)")
	url := flag.String("virtual-workspace", "", "the APIExport endpoint slice URL (.../services/apiexport/<cluster>/<export>)")
	group := flag.String("group", "", "API group of the exported resource")
	version := flag.String("version", "", "version of the exported resource")
	resource := flag.String("resource", "", "plural of the exported resource")
	flag.Parse()
	if *kubeconfig == "" || *url == "" || *group == "" || *version == "" || *resource == "" {
		fmt.Fprintln(os.Stderr, "usage: go-provider --kubeconfig F --virtual-workspace URL --group G --version V --resource R")
		os.Exit(2)
	}
	rules := &clientcmd.ClientConfigLoadingRules{ExplicitPath: *kubeconfig}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: *kubeContext}
	base, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
	if err != nil {
		fail("kubeconfig", err)
	}
	at := func(cluster string) dynamic.Interface {
		cfg := rest.CopyConfig(base)
		cfg.Host = strings.TrimRight(*url, "/") + "/clusters/" + cluster
		client, err := dynamic.NewForConfig(cfg)
		if err != nil {
			fail("client", err)
		}
		return client
	}
	gvr := schema.GroupVersionResource{Group: *group, Version: *version, Resource: *resource}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	factory := dynamicinformer.NewDynamicSharedInformerFactory(at("*"), 10*time.Minute)
	informer := factory.ForResource(gvr).Informer()
	queue := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())
	// Keys carry the consumer: the same namespace/name can exist in many of them.
	enqueue := func(obj interface{}) {
		if u, ok := obj.(*unstructured.Unstructured); ok {
			queue.Add(u.GetAnnotations()[clusterAnnotation] + "|" + u.GetNamespace() + "|" + u.GetName())
		}
	}
	if _, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    enqueue,
		UpdateFunc: func(_, obj interface{}) { enqueue(obj) },
	}); err != nil {
		fail("event handler", err)
	}
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
		fail("sync", fmt.Errorf("informer did not sync"))
	}
	fmt.Println("synced")

	go func() {
		<-ctx.Done()
		queue.ShutDown()
	}()
	for {
		key, shutdown := queue.Get()
		if shutdown {
			return
		}
		if err := reconcile(ctx, at, gvr, key); err != nil {
			fmt.Fprintf(os.Stderr, "reconcile %s: %v\n", key, err)
			queue.AddRateLimited(key)
		} else {
			queue.Forget(key)
		}
		queue.Done(key)
	}
}

func reconcile(ctx context.Context, at func(string) dynamic.Interface, gvr schema.GroupVersionResource, key string) error {
	parts := strings.SplitN(key, "|", 3)
	cluster, namespace, name := parts[0], parts[1], parts[2]
	if cluster == "" {
		return fmt.Errorf("object without the %s annotation", clusterAnnotation)
	}
	client := at(cluster).Resource(gvr).Namespace(namespace)
	obj, err := client.Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		if strings.Contains(err.Error(), "not found") {
			return nil
		}
		return err
	}
	size, _, _ := unstructured.NestedInt64(obj.Object, "spec", "size")
	observed, found, _ := unstructured.NestedInt64(obj.Object, "status", "observedSize")
	if found && observed == size {
		return nil
	}
	if err := unstructured.SetNestedField(obj.Object, true, "status", "reconciled"); err != nil {
		return err
	}
	if err := unstructured.SetNestedField(obj.Object, size, "status", "observedSize"); err != nil {
		return err
	}
	if _, err := client.UpdateStatus(ctx, obj, metav1.UpdateOptions{}); err != nil {
		return err
	}
	fmt.Printf("reconciled %s/%s/%s size=%d\n", cluster, namespace, name, size)
	return nil
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "go-provider: %s: %v\n", what, err)
	os.Exit(1)
}
