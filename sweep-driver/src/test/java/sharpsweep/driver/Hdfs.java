package sharpsweep.driver;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * An in-process HDFS for tests: a NameNode and one DataNode (Hadoop's MiniDFSCluster, the version Spark
 * ships), every address on 127.0.0.1, its storage in a test folder, shut down on close. Clients in this JVM
 * and in the drivers the tests start reach it at {@link #uri()}; the replication of one DataNode is passed to
 * them as {@code spark.hadoop.dfs.replication=1} ({@link #CLIENT_SETTING}).
 */
public final class Hdfs implements AutoCloseable {
    /** The one client setting a single DataNode needs, as a system property Spark and the CLI both read. */
    public static final String[] CLIENT_SETTING = {"spark.hadoop.dfs.replication", "1"};
    private final MiniDFSCluster cluster;

    public Hdfs(Path dir) throws IOException {
        Configuration conf = new HdfsConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toAbsolutePath().toString());
        conf.set("dfs.replication", "1");
        // Loopback only: the NameNode's RPC and web addresses (the DataNode's are 127.0.0.1 by default here).
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.namenode.https-address", "127.0.0.1:0");
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
    }

    /** hdfs://127.0.0.1:PORT */
    public String uri() {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
