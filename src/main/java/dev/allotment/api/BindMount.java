package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BindMount {
    @Required
    @Pattern(SpecPatterns.ABSOLUTE_PATH)
    @Size(max = 4096)
    @ValidationRule(value = SpecPatterns.CEL_NO_DOT_DOT, message = "srcPath must not contain a '..' segment")
    @JsonPropertyDescription("Absolute source path. With origin Host it must lie under one of the node's allowed bind-mount sources; with origin Container it is resolved inside the rootfs.")
    private String srcPath;

    @Required
    @Pattern(SpecPatterns.ABSOLUTE_PATH)
    @Size(max = 4096)
    @ValidationRule(value = SpecPatterns.CEL_NO_DOT_DOT, message = "dstPath must not contain a '..' segment")
    @JsonPropertyDescription("Absolute path inside the rootfs. It may not escape the rootfs.")
    private String dstPath;

    @JsonPropertyDescription("RO (default) or RW.")
    private BindMountMode mode;

    @JsonPropertyDescription("Host (default) or Container.")
    private BindMountOrigin origin;

    public String getSrcPath() {
        return srcPath;
    }

    public void setSrcPath(String srcPath) {
        this.srcPath = srcPath;
    }

    public String getDstPath() {
        return dstPath;
    }

    public void setDstPath(String dstPath) {
        this.dstPath = dstPath;
    }

    public BindMountMode getMode() {
        return mode;
    }

    public void setMode(BindMountMode mode) {
        this.mode = mode;
    }

    public BindMountOrigin getOrigin() {
        return origin;
    }

    public void setOrigin(BindMountOrigin origin) {
        this.origin = origin;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BindMount)) {
            return false;
        }
        BindMount that = (BindMount) o;
        return Objects.equals(srcPath, that.srcPath)
                && Objects.equals(dstPath, that.dstPath)
                && Objects.equals(mode, that.mode)
                && Objects.equals(origin, that.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(srcPath, dstPath, mode, origin);
    }

    @Override
    public String toString() {
        return "BindMount{" + "srcPath=" + srcPath + ", " + "dstPath=" + dstPath + ", " + "mode=" + mode + ", " + "origin=" + origin + "}";
    }
}
