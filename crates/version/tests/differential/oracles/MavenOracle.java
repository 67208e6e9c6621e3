// Oracle: Maven's ComparableVersion from Debian's maven-artifact jar. Lines
// on stdin: "cmp\tA\tB" -> -1/0/1.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenOracle {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t", -1);
            int r = new ComparableVersion(f[1]).compareTo(new ComparableVersion(f[2]));
            out.append(Integer.signum(r)).append('\n');
        }
        System.out.print(out);
    }
}
