package dev.allotment.local;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in resources the embedded server stores and announces: the part of {@code core/v1} that the agent and
 * {@code kubectl get/apply/describe/wait/delete} touch, and CRDs. The CRUD store would keep any other kind as well,
 * but kubectl only finds what discovery announces.
 */
final class BuiltInResources {
    static final String CRD_GROUP = "apiextensions.k8s.io";
    static final String CRD_VERSION = "v1";
    static final String CRD_COLLECTION = "/apis/" + CRD_GROUP + "/" + CRD_VERSION + "/customresourcedefinitions";

    static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    private BuiltInResources() {
    }

    static List<APIResource> coreV1() {
        List<APIResource> resources = new ArrayList<>();
        resources.addAll(withStatus(resource("namespaces", "namespace", "Namespace", false, "ns")));
        resources.addAll(withStatus(resource("nodes", "node", "Node", false, "no")));
        resources.addAll(withStatus(resource("pods", "pod", "Pod", true, "po")));
        resources.add(resource("events", "event", "Event", true, "ev"));
        resources.add(resource("configmaps", "configmap", "ConfigMap", true, "cm"));
        resources.add(resource("secrets", "secret", "Secret", true));
        resources.add(resource("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"));
        return resources;
    }

    static List<APIResource> apiextensionsV1() {
        APIResource crds = resource("customresourcedefinitions", "customresourcedefinition",
                "CustomResourceDefinition", false, "crd", "crds");
        crds.setCategories(List.of("api-extensions"));
        return withStatus(crds);
    }

    static APIResource resource(String plural, String singular, String kind, boolean namespaced, String... shortNames) {
        return new APIResourceBuilder().withName(plural).withSingularName(singular).withKind(kind)
                .withNamespaced(namespaced).withVerbs(ALL_VERBS)
                .withShortNames(shortNames.length == 0 ? null : List.of(shortNames)).build();
    }

    static List<APIResource> withStatus(APIResource main) {
        APIResource status = new APIResourceBuilder().withName(main.getName() + "/status").withSingularName("")
                .withKind(main.getKind()).withNamespaced(main.getNamespaced()).withVerbs(SUBRESOURCE_VERBS).build();
        return List.of(main, status);
    }
}
