package io.ltvlake.tools.sample;

import java.util.ArrayList;
import java.util.List;

/** The simulated events of one person, before they are rendered to export rows. */
final class Model {
  private Model() {}

  static final int FIRST = 0;
  static final int REPEAT = 1;
  static final int IMMEDIATE = 2;
  static final int DEFERRED = 3;
  static final int CANCELLED = 4;
  static final int RETURNED = 5;
  static final String[] KINDS = {"first", "repeat", "immediate_upsell", "deferred_upsell", "cancelled", "returned"};

  static final int WEB = 0;
  static final int PHONE = 1;
  static final int STORE = 2;

  static final int UPD_NONE = 0;
  static final int UPD_CANCEL = 1;
  static final int UPD_RETURN = 2;
  static final int UPD_EDIT = 3;

  static final int LOGIN_NONE = 0;
  static final int LOGIN_CID = 1;
  static final int LOGIN_EMAIL = 2;
  static final int LOGIN_PHONE = 3;

  /** Planted buying behaviour of a buyer (truth/people.csv). */
  static final int ORDINARY = 0;
  static final int CYCLIC = 1;
  static final int LEAVER = 2;
  static final int NON_TARGET = 3;
  static final String[] BEHAVIOURS = {"ordinary", "cyclic", "leaver", "non_target"};

  static final class Person {
    static final int BUYER = 0;
    static final int PROSPECT = 1;
    static final int VISITOR = 2;

    final int type;
    final int index;
    final String id;
    final boolean chain;
    String customerId;
    String phone; // 10 national digits
    String email; // normalised
    String cookie1;
    String cookie2;
    double[] tierPref;
    int behaviour = ORDINARY;
    /** Cyclic and leaving buyers: the one job they buy for, and the planted days between their deals. */
    int cycleJob = -1;
    int cycleDays;
    /** A cyclic buyer's next deal after the end of the history (its browsing starts before the end), or -1. */
    long nextCycleDealAt = -1;
    final List<Deal> deals = new ArrayList<>();
    final List<Order> orders = new ArrayList<>();
    final List<Session> sessions = new ArrayList<>();
    final List<Call> calls = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();

    Person(int type, int index, String id, boolean chain) {
      this.type = type;
      this.index = index;
      this.id = id;
      this.chain = chain;
    }

    String cookie(int which) {
      return which == 1 ? cookie1 : which == 2 ? cookie2 : null;
    }
  }

  static final class Deal {
    final int seq;
    final long open;
    final int job;
    final boolean leadMagnet;
    /** A non-target buyer's deal: cheap accessories only, upsells included. */
    boolean small;
    long leadMainAt;
    String id;
    final List<Order> orders = new ArrayList<>();

    Deal(int seq, long open, int job, boolean leadMagnet) {
      this.seq = seq;
      this.open = open;
      this.job = job;
      this.leadMagnet = leadMagnet;
    }
  }

  static final class Line {
    final int product;
    final int qty;
    final long price;
    final long cost;

    Line(int product, int qty, long price, long cost) {
      this.product = product;
      this.qty = qty;
      this.price = price;
      this.cost = cost;
    }
  }

  static final class Order {
    final Deal deal;
    final long at;
    int kind;
    final List<Line> lines;
    int channel;
    String store;
    String manager;
    boolean withCid;
    boolean withPhone;
    boolean withEmail;
    int cookie;
    boolean labeled;
    int update = UPD_NONE;
    long updatedAt;
    int editLine = -1;
    int editQty;
    String editManager;

    Order(Deal deal, long at, int kind, List<Line> lines) {
      this.deal = deal;
      this.at = at;
      this.kind = kind;
      this.lines = lines;
    }

    int qty(int line, boolean finalVersion) {
      return finalVersion && line == editLine ? editQty : lines.get(line).qty;
    }

    long revenue(boolean finalVersion) {
      long sum = 0;
      for (int i = 0; i < lines.size(); i++) {
        sum += qty(i, finalVersion) * lines.get(i).price;
      }
      return sum;
    }
  }

  static final class Session {
    final long at;
    final int cookie;
    int login;
    final int channel;
    final int variant;
    final String landing;

    Session(long at, int cookie, int login, int channel, int variant, String landing) {
      this.at = at;
      this.cookie = cookie;
      this.login = login;
      this.channel = channel;
      this.variant = variant;
      this.landing = landing;
    }
  }

  static final class Call {
    final long at;
    final boolean outbound;
    final boolean answered;
    final int durationS;
    final int waitS;
    final int cookie;
    final Session source;
    final String manager;

    Call(long at, boolean outbound, boolean answered, int durationS, int waitS, int cookie, Session source,
         String manager) {
      this.at = at;
      this.outbound = outbound;
      this.answered = answered;
      this.durationS = durationS;
      this.waitS = waitS;
      this.cookie = cookie;
      this.source = source;
      this.manager = manager;
    }
  }

  /** One row of the CRM's message export: a send, or a control row (a person held out: nothing sent). */
  static final class Message {
    final String campaign;
    final String channel;
    final long at;
    final boolean control;
    String status;
    long openedAt = -1;
    long clickedAt = -1;
    long unsubscribedAt = -1;
    long costCents = -1;
    /** The trigger that sent it (a trigger campaign's); null for a broadcast or a digest. */
    String trigger;
    /** Added to the message id when a person gets more than one message of the campaign (digests: the send day). */
    String idSuffix = "";

    Message(String campaign, String channel, long at, boolean control) {
      this.campaign = campaign;
      this.channel = channel;
      this.at = at;
      this.control = control;
    }
  }
}
