//! The Japanese catalogue, in the vocabulary of the seed tutorial
//! (コルーチン, イベントループ, タスク, フューチャー, ブロッキング).

use super::{grouped, Phrase, Texts};
use crate::link::codec::{MAX_CODE, MAX_FRAGMENT, VERSION};
use crate::link::error::LinkError;
use loopscope_py::{Construct, Limit};

/// Every fixed Japanese label.
pub const TEXTS: Texts = Texts {
    page_title: "Loopscope — Pythonのasyncioイベントループを見る",
    tagline: "Pythonのasyncioイベントループを一歩ずつ見る",
    example: "サンプル",
    example_aria: "サンプルプログラム",
    your_code: "編集したコード",
    language: "言語",
    code: "コード",
    python_source: "Pythonのソースコード",
    sliders_aria: "待ち時間と個数",
    machine_aria: "インタープリターのビルドとCPUコア数",
    gil_label: "GIL：",
    gil_on: "あり（CPython 3.12）",
    gil_off: "なし（フリースレッド版、3.13t以降）",
    cores_label: "コア数：",
    cores_aria: "CPUコア数（os.cpu_count()）",
    gil_help: "CPython 3.12と3.13の標準ビルドにはGILがあり、Pythonコードを実行できるのは一度に1つのスレッドだけです。フリースレッド版（3.13t、3.14t）にはGILがなく、複数のスレッドが複数のコアで並列にPythonコードを実行します。",
    gil_preset_free_threaded: "GILなし（フリースレッド版）では4つのスレッドが4つのプロセスと同じように複数のコアで並列に動くので、どちらも同じ時間で終わります。",
    gil_free_code: "このプログラムではPythonコードの実行に仮想時間がかからない（時間がかかるのはスリープと待ちだけ）ので、GILをなしにしても何も変わりません。",
    event_loop: "イベントループ",
    console: "コンソール",
    timeline: "タイムライン",
    play: "▶ 再生",
    pause: "❚❚ 一時停止",
    replay: "↻ もう一度",
    play_aria: "再生 (Space)",
    pause_aria: "一時停止 (Space)",
    to_start: "最初へ (Home)",
    step_back: "1ステップ戻る (←)",
    step_forward: "1ステップ進む (→)",
    to_end: "最後へ (End)",
    playback: "再生操作",
    speed: "再生速度",
    event_per_second: "1イベント/秒",
    virtual_time: "仮想時間",
    seek_to_print: "この出力の時点へ移動",
    diagram_title: "イベントループの図",
    loop_thread: "ループのスレッド (MainThread)",
    ready_queue: "実行待ちキュー",
    timers: "タイマー",
    tasks: "タスク",
    threads: "スレッド",
    futures: "フューチャー",
    empty: "空",
    none: "なし",
    no_tasks_yet: "タスクはまだありません",
    only_main_thread: "メインスレッドのみ (ループを動かしています)",
    one_handle_hint: "一度に1つずつ、キューの先頭から実行します",
    next: "次",
    cancelled: "キャンセル済み",
    running: "実行中",
    ready_to_run: "実行待ち",
    done: "完了",
    failed: "失敗",
    waiting: "待機中",
    blocking_the_loop: "ループをブロック中",
    idle_worker: "アイドル (仕事待ち)",
    running_python: "Pythonコードを実行中",
    computing: "計算中",
    waiting_gil: "GIL待ち",
    finished: "終了",
    thread: "スレッド",
    process: "プロセス",
    legend_running: "実行中",
    legend_ready: "実行待ち (ループの順番待ち)",
    legend_waiting: "await中 / スリープ中",
    legend_blocking: "ループをブロック",
    legend_gil: "GIL待ち",
    legend_done: "完了",
    legend_cancelled: "キャンセル",
    legend_failed: "失敗",
    legend_print: "printの出力",
    legend_result: "結果",
    legend: "凡例",
    zoom_in: "拡大 (Ctrl+ホイール)",
    zoom_out: "縮小",
    fit: "全体",
    timeline_aria: "タイムラインの行。クリックまたはドラッグで移動",
    axis_aria: "タイムラインの横軸",
    axis_time: "時間順",
    axis_steps: "ステップ順",
    shutdown_row: "asyncio.run の終了処理",
    shutdown_folded: "asyncio.run の終了処理: loop.shutdown_asyncgens() と loop.shutdown_default_executor() をそれぞれ専用のタスクとして実行し、そのたびにループを止めます。",
    unfold_machinery: "終了処理を展開",
    unfold_machinery_title: "asyncio.run 自身の終了処理のタスクとステップを展開します",
    fold_machinery: "終了処理をまとめる",
    fold_machinery_title: "asyncio.run 自身の終了処理のタスクを1行・1ステップにまとめます",
    search_items: "この行を検索",
    close: "閉じる",
    scroll_rows: "タイムラインの行をスクロール",
    timeline_empty: "プログラムを実行すると、タスクとスレッドごとに行が表示されます。",
    main_thread_row: "MainThread (ループを実行)",
    deadlock_title: "デッドロック: もう何も実行できません。",
    stays_playable: "ここまでの実行は再生できます。",
    too_nested: "括弧の入れ子が深すぎます",
    too_indented: "インデントの階層が深すぎます",
    share: "共有",
    share_url: "このシナリオへのリンク",
    copied: "リンクをクリップボードにコピーしました。",
    copy_failed: "ここではコピーが許可されませんでした。リンクを選択したので、Ctrl+C (⌘C)でコピーしてください。",
    embed: "埋め込み",
    embed_help: "このシナリオをWebページに表示するには、次のコードを貼り付けてください:",
    export: "ダウンロード",
    export_json: "トレース (JSON)",
    export_chrome: "Chrome トレース (Perfetto)",
    export_diagram: "図 (SVG)",
    export_timeline: "タイムライン (SVG)",
    restore_draft: "以前の下書きに戻す",
    draft_kept: "このリンクで作業中の内容が置き換わりました。下書きは保存されています。",
    dismiss: "閉じる",
    storage_failed: "このブラウザーでは下書きを保存できません (ストレージが一杯か無効です)。ページを閉じるまでは作業内容が残ります。",
    open_in_loopscope: "Loopscopeで開く",
    show_code: "コード",
    cancel_run: "キャンセル",
    engine_crashed: "このプログラムの処理中に Loopscope が異常終了しました。原因はあなたのコードではなく Loopscope の不具合です。コードはそのまま残っています。",
    report_bug: "不具合を報告する",
    crashed_ending: "Loopscope が異常終了したため、表示できる実行結果がありません。ページはそのまま使えます。コードを直すか、サンプルを選んでください。",
    unresponsive_ending: "実行を止められなかったため、エンジンを停止して新しく起動し直しました。コードはそのまま残っています。",
    not_finished: "実行は最後まで終わりませんでした。",
    diagram_tab: "図",
    await_tree: "await ツリー",
    diagram_views: "図の表示切り替え",
    tree_empty: "いま何かを待っているタスクはありません。",
    predict: "予想モード",
    predict_title: "予想しがいのある場面の手前で止まり、次に何が起きるかを当てます",
    predict_continue: "続ける ▶",
    predict_region: "次に起きることを予想する",
    predict_waiting: "再生を押すと、次に予想する場面の手前で止まります。",
    sweep: "スイープ",
    sweep_heading: "スイープ",
    sweep_seconds: "仮想時間（秒）",
    sweep_total: "全体の仮想時間",
    sweep_blocked: "ループがブロックされた時間",
    sweep_running: "スイープを実行中…",
    sweep_close: "スイープを閉じる",
    sweep_export: "SVGをダウンロード",
    sweep_hint: "点を選ぶと、その実行を開きます。",
    sweep_end_finished: "正常に終了",
    sweep_end_raised: "例外が発生",
    sweep_end_rejected: "実行できないコード",
    sweep_end_limit: "上限に達して停止",
    sweep_end_deadlock: "デッドロック",
    sweep_end_skipped: "未実行",
    compare: "比較",
    compare_title: "もう一つのプログラムを同じ時間軸で並べて実行します",
    compare_close: "比較を閉じる",
    compare_select: "比較するプログラム",
    compare_copy: "コードのコピーを編集",
    compare_heading: "比較対象",
    compare_code: "比較するプログラムのPythonソースコード",
    compare_same: "二つの実行は同じ時刻に同じことをしています。",
    compare_waiting: "もう一つのプログラムを実行中…",
    presets: [
        (
            "1 · はじめてのコルーチン",
            "await asyncio.sleep(1)により、2つのprintの間の1秒間、ループに制御を返します。",
        ),
        (
            "2 · asyncio.sleepを使う2つのタスク",
            "2つのタスクが同時にスリープするので、全体で2秒ではなく約1秒で終わります。",
        ),
        (
            "3 · time.sleepを使う2つのタスク",
            "time.sleepはループに制御を返しません。ループがブロックされ、全体で2秒かかります。",
        ),
        (
            "4 · スレッドプールでrun_in_executor",
            "ブロッキングな処理がワーカースレッドに移るので、ループは空いたままになり、また約1秒で終わります。",
        ),
        (
            "5 · set_resultで完了するフューチャー",
            "別のタスクが2秒後にset_resultを呼ぶまで、mainはフューチャーを待ちます。",
        ),
        (
            "6 · N個のタスクをgather",
            "N個の取得処理が同時に走り、一番遅いものが終わると、gatherは結果を引数の順に返します。",
        ),
        (
            "7 · タイムアウト付きのwait_for",
            "1秒でタイムアウトになり、コルーチンがキャンセルされます。finallyブロックが実行され、wait_forはTimeoutErrorを送出します。",
        ),
        (
            "8 · Queueを使うプロデューサーとコンシューマー",
            "コンシューマーのほうが遅いので、キューに2つたまると、put()はget()が空きを作るまでプロデューサーを止めます。",
        ),
        (
            "9 · Semaphoreで同時実行数を制限",
            "セマフォを同時に持てるのは2つのダウンロードだけです。残りは順番を待つので、6つで3秒かかります。",
        ),
        (
            "10 · CPU処理: スレッドとプロセスの比較",
            "4つのスレッドは1つのGILを交代で使うため、並列に動く4つのプロセスの4倍の時間がかかります。",
        ),
        (
            "11 · sleep(0)と公平性",
            "sleep(0)は次の実行待ちタスクに制御を譲るので、AとBは交互に動きます。greedyは一度もawaitしないので、最後まで続けて動きます。",
        ),
        (
            "12 · 失敗するタスクを含むTaskGroup",
            "2秒でbが失敗すると、グループはcをキャンセルし、bのエラーを含むExceptionGroupを送出します。",
        ),
    ],
};

/// A time as Japanese text writes it: `1.000秒` for the page's `1.000 s`.
fn sec(t: &str) -> String {
    match t.strip_suffix(" s") {
        Some(n) => format!("{n}秒"),
        None => t.to_string(),
    }
}

/// A Japanese sentence for `phrase`.  Latin words and numbers sit next to
/// the Japanese around them without spaces (`mainのステップ`, `1.000秒`), as
/// the seed tutorial writes them; narration of an event that has just
/// happened is in the past tense.
pub fn say(phrase: &Phrase) -> String {
    use Phrase::*;
    match phrase {
        Step(task) => format!("{task}のステップ"),
        Wake(task) => format!("{task}の再開"),
        CallbackOf(fut) => format!("{fut}のコールバック"),
        SleepEnds => "スリープの終了".into(),
        TimeoutOf(task) => format!("{task}のタイムアウト"),
        ChipStep => "ステップ".into(),
        ChipWake => "再開".into(),
        ChipTimeout => "タイムアウト".into(),
        List(items) => items.join("、"),
        Sentences(items) => items.concat(),
        Labelled(label, value) => format!("{label}: {value}。"),
        ThreadResult => "スレッドの結果".into(),
        FutureN(n) => format!("フューチャー #{n}"),
        TaskWithCoro(task, coro) => format!("{task} ({coro})"),
        Awaits(what) => format!("{what}をawait中"),
        SleepsUntil(t) => format!("{}までスリープ中", sec(t)),
        TreeReady(task) => format!("{task}（実行待ち）"),
        TreeRunning(task) => format!("{task}（実行中）"),
        TreeUntil(what, t) => format!("{what}（{}まで）", sec(t)),
        TreeJobOn(job, thread) => format!("{job}（{thread} で実行中）"),
        TreeJobQueued(job) => format!("{job}（キューで待機中）"),
        AskPrint => "次にコンソールに表示される行はどれでしょう？".into(),
        AskTask => "イベントループが次に実行するタスクはどれでしょう？".into(),
        AskClock => "いま実行できるものはありません。時計は何秒まで進むでしょう？".into(),
        WhyTask(task) => format!("{task} が実行待ちキューの先頭にあり、イベントループは実行待ちキューを入った順に実行するからです。"),
        Right => "正解！".into(),
        Wrong(answer) => format!("残念、正解は {answer} でした。"),
        Score(right, of) => format!("{of}問中{right}問正解"),
        LoopNotStarted => "未開始: まずモジュールのコードが実行されます".into(),
        LoopNotRunning => "イベントループは動いていません".into(),
        LoopOffMainWaits(what) => format!("イベントループなし: メインスレッドが{what}を待っています"),
        LoopOffMainBlocked(label, until) => {
            format!("イベントループなし: メインスレッドは{}まで{label}の中です", sec(until))
        }
        LoopRunning(what) => format!("{what}を実行中"),
        LoopRunningNext => "次の反復を実行中".into(),
        LoopIdleTimer(t) => format!("アイドル: {}の次のタイマーを待っています", sec(t)),
        LoopIdleThread => "アイドル: ワーカースレッドの終了を待っています".into(),
        LoopIdleForever => "アイドル: 起こしてくれるものがもうありません".into(),
        LoopBlocked(label, until) => format!("ブロック中: {label}により{}まで", sec(until)),
        LoopBlockedWait => "ブロック中: ループのスレッドが待っています".into(),
        Starving(names) => format!("実行できるのに待たされているタスク: {names}"),
        NWaiting(n) => format!("{n}個が待機中"),
        NSet(n) => format!("{n}個"),
        MatchesShown(shown, all) => format!("{}件中{}件を表示", grouped(*all as u64), grouped(*shown as u64)),
        NMore(n) => format!("ほか{}個", grouped(*n as u64)),
        ExecutorQueue(names) => format!("エグゼキューターのキュー: {names}"),
        AtIn(at, left) => format!("{} · あと{}", sec(at), sec(left)),
        DueAt(t) => format!("期限は{}", sec(t)),
        Nth(n) => format!("{n}番目"),
        InCallUntil(label, until) => format!("{label}で{}まで待機", sec(until)),
        WaitsFor(what) => format!("{what}を待機中"),
        Gil(names) => format!("GIL: {names}"),
        MainThread => "メインスレッド".into(),
        ThreadN(n) => format!("スレッド {n}"),
        WorkerRow(name) => format!("{name} (ワーカースレッド)"),
        ProcessRow(name) => format!("{name} (ワーカープロセス)"),
        ThreadRow(name) => format!("{name} (スレッド)"),
        RowsOf(a, b, n) => format!("{n}行中 {a}–{b}行目"),
        PrintAt(t) => format!("{}のprint", sec(t)),
        ResolvedAt(t) => format!("{}に完了", sec(t)),
        EarlierLines(n) => format!("それ以前の{n}行は省略"),
        EventOf(i, n) => format!("イベント {i} / {n}"),
        PressPlay => "再生か「1ステップ進む」を押してください。まずメインスレッドでモジュールのコードが実行されます。".into(),
        ProgramStart => "メインスレッドでモジュールのコードの実行が始まりました。".into(),
        ProgramEnd(t) => format!("{}にプログラムが終了しました。", sec(t)),
        LoopStart => "asyncio.runがイベントループを作り、コルーチンをメインタスクで包みました。".into(),
        LoopStop => "run_until_completeに渡したフューチャーが完了したので、ループが止まりました。".into(),
        LoopStopMain(task) => format!("メインタスク{task}が完了したので、ループが止まりました。"),
        LoopStopTask(task) => format!("run_until_completeに渡したタスク{task}が完了したので、ループが止まりました。"),
        LoopStopAsyncgens => "asyncio.runがloop.shutdown_asyncgens()で残った非同期ジェネレーターを閉じ終えたので、ループがもう一度止まりました。".into(),
        LoopStopExecutor => "asyncio.runがloop.shutdown_default_executor()で既定のスレッドプールの終了を待ち終えたので、ループがもう一度止まりました。".into(),
        LoopClose => "asyncio.runが残りをキャンセルし、ループを後片付けして閉じました。".into(),
        Iteration(n) => format!(
            "ループの新しい反復が始まりました。今実行待ちの{n}個のハンドルを実行します。その間に追加されたものは次の反復まで待ちます。"
        ),
        ClockJump(from, to) => format!(
            "実行できるものがないので、時計が{}から次のタイマーの時刻{}へ進みました。",
            sec(from),
            sec(to)
        ),
        ClockLoopBlocked(label, from, to) => format!(
            "ループが{label}でブロックされている間に時間が過ぎ、時計が{}から{}へ進みました。実行待ちのタスクは待たされています。",
            sec(from),
            sec(to)
        ),
        ClockThreadBlocked(thread, label, from, to) => format!(
            "{thread}が{label}を実行している間に時間が過ぎ、時計が{}から{}へ進みました。",
            sec(from),
            sec(to)
        ),
        ClockThreadWaits(thread, what, from, to) => format!(
            "{thread}が{what}を待っている間に時間が過ぎ、時計が{}から{}へ進みました。",
            sec(from),
            sec(to)
        ),
        ClockComputes(thread, from, to) => format!(
            "{thread}がPythonコードを実行するのに時間がかかり、時計が{}から{}へ進みました。",
            sec(from),
            sec(to)
        ),
        ClockThreadsWork(n, from, to) => format!(
            "{n}個のスレッドが処理を続けている間に時間が過ぎ、時計が{}から{}へ進みました。",
            sec(from),
            sec(to)
        ),
        ClockMoves(from, to) => format!("時計が{}から{}へ進みました。", sec(from), sec(to)),
        Queued(what) => format!("{what}が実行待ちキューの末尾に入りました。"),
        Takes(what) => format!("ループが実行待ちキューの先頭から{what}を取り出しました。"),
        RunsNext => "ループが次のハンドルを実行します。".into(),
        HandleDone => "そのハンドルの実行が終わりました。ループは次へ進みます。".into(),
        Skipped => "キャンセルされたハンドルを飛ばしました。".into(),
        HandleCancelled => "ハンドルがキャンセルされました。順番が来ても実行されずに飛ばされます。".into(),
        TimerSet(when, what) => format!("{}のタイマーを設定しました ({what})。", sec(when)),
        TimerLate(when, at) => format!(
            "{}予定のタイマーが、ループが忙しかったため{}に遅れて発火しました。",
            sec(when),
            sec(at)
        ),
        TimerFired(when) => format!("{}のタイマーが発火し、コールバックが実行待ちキューに入りました。", sec(when)),
        TimerDropped => "キャンセルされたタイマーをヒープから取り除きました。".into(),
        IdleTimer(t) => format!("実行できるものがないので、ループはselect()で{}の次のタイマーを待ちます。", sec(t)),
        IdleThread => "実行できるものがないので、ループはワーカースレッドからの知らせを待ちます。".into(),
        TaskFutureCreated => "タスクのフューチャーが作られました。".into(),
        FutureCreated(name) => format!("{name}のフューチャーが作られました (未完了)。"),
        FutureResult(name, value) => format!("{name}が完了し (結果: {value})、コールバックがキューに入りました。"),
        FutureFailed(name, value) => format!("{name}が失敗しました (例外: {value})。"),
        FutureCancelled(name) => format!("{name}がキャンセルされました。"),
        TaskCreated(coro, name) => {
            format!("create_taskが{coro}()を{name}で包み、最初のステップをcall_soonでキューに入れました。")
        }
        TaskRenamed(name) => format!("タスクの名前が{name}に変わりました。"),
        StepBegin(who) => format!("ループが{who}の実行を始めました。次のawaitまで実行します。"),
        StepAwait(who, what) => {
            format!("{who}は{what}です。ループに制御を返したので、ループは次の実行待ちハンドルを実行します。")
        }
        StepYield(who) => format!("{who}がsleep(0)で制御を譲り、実行待ちキューの末尾に戻りました。"),
        StepReturn(who) => format!("{who}のコルーチンがreturnし、タスクが完了しました。"),
        StepRaise(who) => format!("{who}のコルーチンが例外を送出し、タスクが失敗しました。"),
        StepCancelled(who) => format!("{who}のコルーチンがCancelledErrorで終わり、タスクがキャンセルされました。"),
        CancelRequested(task) => format!("{task}にキャンセルが要求されました。"),
        BlockLoop(who, label, until) => format!(
            "{who}のコルーチンが{label}を呼びました。ループに制御を返さないので、{}までループがブロックされ、実行待ちのタスクは待たされます。",
            sec(until)
        ),
        BlockThread(thread, label, until) => format!("{thread}が{label}を呼び、{}までスリープします。", sec(until)),
        BlockOn(thread, what) => format!("{thread}は{what}が完了するまでブロックします。"),
        BlockEnd(thread) => format!("{thread}が再開しました。"),
        Compute(thread, ops) => format!("{thread}が{ops}回の演算を実行します。"),
        ComputeEnd(thread) => format!("{thread}の計算が終わりました。"),
        GilWait(thread) => format!("{thread}はGILが空くのを待ちます。"),
        GilTake(thread) => format!("{thread}がGILを取得しました。"),
        GilRelease(thread) => format!("{thread}がGILを解放しました。"),
        ThreadStarted(name) => format!("新しいスレッド{name}が始まりました。"),
        ThreadEnded(thread) => format!("{thread}が終了しました。"),
        JobQueued(name) => format!("{name}()がエグゼキューターの作業キューに渡されました。"),
        JobStarted(thread) => format!("{thread}が次の仕事を受け取りました。"),
        JobCancelled => "エグゼキューターの終了で、キューにあった仕事が取り消され、そのフューチャーがキャンセルされました。".into(),
        JobFinished(thread) => format!("{thread}が仕事を終え、call_soon_threadsafeで結果を知らせました。"),
        Print(who, text) => format!("{who}が「{text}」と出力しました。"),
        Stderr(who, text) => format!("{who}が標準エラーに「{text}」と書き出しました。"),
        Unhandled(value) => format!("処理されなかった例外: {value}。"),
        LimitEvents => "イベント数の上限に達したため、実行を止めました。".into(),
        LimitTime => "仮想時間の上限に達したため、実行を止めました。".into(),
        Deadlock => "デッドロック: 実行待ちもタイマーもなく、動けるスレッドもありません。".into(),
        DidNotRun => "プログラムは実行されませんでした。".into(),
        StoppedAt(t) => format!("{}で上限に達して停止しました。", sec(t)),
        DeadlockedAt(t) => format!("{}でデッドロックしました。", sec(t)),
        RaisedAt(t) => format!("{}で例外が発生しました。", sec(t)),
        FinishedIn(t) => format!("{}で終了しました。", sec(t)),
        BlockedFor(d, by) => format!("ループは{by}により{}間ブロックされました。", sec(d)),
        ByCall(label) => label.clone(),
        ByRepeatedCall(n, label) => format!("{label}の{n}回の呼び出し"),
        ByCalls(n) => format!("{n}回のブロッキングな呼び出し"),
        BlockingWait => "ブロッキングな待機".into(),
        AndIdle(d) => format!("アイドル状態は{}間でした。", sec(d)),
        IdleFor(d) => format!("ループは{}間アイドル状態でした。", sec(d)),
        AndIdleWaitingFor(d, what) => {
            format!("アイドル状態は{}間で、{what}を待っていました。", sec(d))
        }
        IdleWaitingFor(d, what) => {
            format!("ループは{}間アイドル状態で、{what}を待っていました。", sec(d))
        }
        WaitSleeps(coros) => format!("タイマー（{}のsleep()）", say(&AndList(coros.clone()))),
        OthersN(n) => format!("ほか{n}個"),
        WaitTimers => "タイムアウトや遅延コールバック".into(),
        WaitThreads => "スレッドの処理の完了".into(),
        AndList(items) => items.join("と"),
        RunningFor(d) => format!("Pythonコードを{}間実行しました。", sec(d)),
        TooComplex(n) => format!("この文は複雑すぎてここでは実行できません (演算子が{n}個を超えています)"),
        LineCol(line, col) => format!("{line}行{col}列: "),
        SyntaxError(message) => format!("構文エラー: {message}"),
        NotSupported(construct) => not_supported(construct),
        LimitReached(limit) => limit_reached(limit),
        // Japanese sentences end with 「。」 and follow each other without a space.
        LimitEnding(limit) => format!("{}{}", limit_reached(limit), TEXTS.stays_playable),
        WaiterTask(task, what, Some(line)) => format!("{task}は{what} ({line}行目)"),
        WaiterTask(task, what, None) => format!("{task}は{what}"),
        WaiterThread(thread, what) => format!("{thread}は{what}を待っています"),
        WaiterReady(task) => format!("{task}は実行待ちですが、もう実行されることはありません"),
        SliderLabel(place, line) => format!("{place} · {line}行目"),
        BadLink(error) => format!("このリンクは開けなかったため、既定のサンプルを表示しています。(詳細: {})", link_error(error)),
        LinkError(error) => link_error(error),
        RunProgress(events) => format!("実行中… イベント{}個まで進みました", grouped(*events as u64)),
        CancelledAt(t) => format!("{}の時点で実行を止めました。", sec(t)),
        SweepPoint(value, total, blocked, end) => match end {
            Some(end) => format!("{value}: {total}で{end}（ループのブロック {blocked}）"),
            None => format!("{value}: 全体 {total}、ループのブロック {blocked}"),
        },
        SweepOf(label) => format!("{label} をスイープ"),
        SweepStopped(done, n) => format!("スイープに時間がかかりすぎたため、{n}回中{done}回の実行で止めました。"),
        SweepFailures(k, n) => format!("{n}回中{k}回の実行は正常に終わりませんでした（赤い白抜きの点）。"),
        SweepFailed => "スイープを最後まで実行できませんでした（エンジンを止めました）。ページはそのまま使えます。".into(),
        CompareWith(id) => format!("{}版と比較", match *id {
            "two-tasks" => "asyncio.sleep",
            "blocking" => "time.sleep",
            "thread-pool" => "スレッドプール",
            other => other,
        }),
        Diverge(t, here, there) => format!(
            "二つの実行は{t}で分かれます。こちら：{} もう一方：{}",
            here.clone().unwrap_or_else(|| "実行は終わっています。".into()),
            there.clone().unwrap_or_else(|| "実行は終わっています。".into()),
        ),
        CompareTotal(total) => format!("もう一方：{total}"),
        TimedOut(seconds) => format!("{seconds}秒以内に終わらなかったため、実行を止めてエンジンを新しく起動し直しました。コードはそのまま残っています。"),
    }
}

/// 「…はまだサポートされていません」と、あれば代わりの書き方。
fn not_supported(construct: &Construct) -> String {
    let what = match construct {
        Construct::ClassBase(name) => format!("`{name}` のサブクラス化"),
        Construct::ClassKeyword(name) => format!("クラス定義のキーワード `{name}=`"),
        Construct::DelTarget => "この形の `del` の対象".into(),
        Construct::TypeAlias => "`type` による型エイリアス".into(),
        Construct::RelativeImport => "相対インポート".into(),
        Construct::ImportStar => "`import *`".into(),
        Construct::IpythonEscape => "IPythonのエスケープコマンド".into(),
        Construct::Builtin(name) => format!("組み込み関数 `{name}`"),
        Construct::Module(name) => format!("モジュール `{name}`"),
        Construct::BareExceptStar => "例外の型を書かない `except*`".into(),
        Construct::TypeParams => "型パラメーター".into(),
        Construct::FunctionForm => "この形の関数定義".into(),
        Construct::ComprehensionForm => "この形の内包表記".into(),
        Construct::DictComprehensionForm => "この形の辞書内包表記".into(),
        Construct::TemplateString => "テンプレート文字列".into(),
        Construct::Bytes => "bytes リテラル".into(),
        Construct::IntLiteral => "この整数リテラル".into(),
        Construct::Complex => "複素数".into(),
        Construct::StarredHere => "この位置のスター式 (`*x`)".into(),
    };
    format!("{what}はまだサポートされていません")
}

/// どの上限で実行を止めたか、その数値とともに。
fn limit_reached(limit: &Limit) -> String {
    match *limit {
        Limit::Operations { done, limit } => format!(
            "Pythonの演算を{}回実行したところで止めました。プログラムが無限ループしている可能性があります（上限は{}回）。",
            grouped(done),
            grouped(limit)
        ),
        Limit::Tasks { limit } => format!(
            "タスクの数が上限の{}個を超えたため、実行を止めました。",
            grouped(limit as u64)
        ),
        Limit::Threads { limit } => format!(
            "スレッドの数が上限の{}個を超えたため、実行を止めました。",
            grouped(limit as u64)
        ),
        Limit::Events { done, limit } => format!(
            "イベントループのイベントが{}個に達したため、実行を止めました（上限は{}個）。",
            grouped(done as u64),
            grouped(limit as u64)
        ),
        Limit::VirtualTime { limit, reached } => format!(
            "仮想時間が上限の{limit}秒を超えそうになったため、実行を止めました（{reached:.3}秒まで進みました）。"
        ),
        Limit::Output { limit } => format!(
            "出力が上限の{}MiBを超えたため、実行を止めました。",
            limit >> 20
        ),
        Limit::Memory { used, limit } => format!(
            "メモリの使用量が{}MiBに達したため、実行を止めました（上限は{}MiB）。",
            used >> 20,
            limit >> 20
        ),
        Limit::Stopped { events } => format!(
            "イベント{}個のところで実行を止めました。",
            grouped(events as u64)
        ),
    }
}

/// Why a link could not be opened, in Japanese.
fn link_error(error: &LinkError) -> String {
    match error {
            LinkError::TooLong { len } => format!(
                "このリンクは長すぎて開けません ({len} 文字。Loopscope が開けるのは {MAX_FRAGMENT} 文字までです)。"
            ),
            LinkError::MissingVersion => {
                "このリンクは Loopscope のシナリオではありません: バージョン (v=1) がありません。".into()
            }
            LinkError::NewerVersion(v) => format!(
                "このリンクは新しいバージョンの Loopscope で作られました (v={v})。このページが読めるのは v={VERSION} までです。ページを再読み込みして最新版にしてください。"
            ),
            LinkError::UnknownVersion(v) => {
                format!("このリンクのバージョン (v={v}) を Loopscope は知りません。")
            }
            LinkError::Malformed(piece) => {
                format!("このリンクの一部が壊れています: 「{piece}」が key=value の形になっていません。")
            }
            LinkError::NotText { key } if key == "c" => "このリンクのコードが正しいテキストではありません。".into(),
            LinkError::NotText { key } => format!("このリンクの「{key}」の値が正しいテキストではありません。"),
            LinkError::DuplicateKey(key) => format!("このリンクには「{key}」が 2 回以上あります。"),
            LinkError::BadNumber { key, value, .. } => {
                format!("このリンクの「{key}={value}」は正しい数値ではありません。")
            }
            LinkError::BadValue { key, value, .. } => {
                format!("このリンクの「{key}={value}」は使えない値です。")
            }
            LinkError::UnknownPreset(id) => {
                format!("このリンクのサンプル「{id}」は Loopscope にありません。")
            }
            LinkError::NoSuchSlider { preset, index, count } => format!(
                "このリンクはサンプル「{preset}」のスライダー {index} を動かしますが、スライダーは {count} 個しかありません。"
            ),
            LinkError::SlidersWithoutPreset => {
                "このリンクにはスライダーの値 (s=…) がありますが、適用するサンプル (p=…) がありません。".into()
            }
            LinkError::PresetAndCode => {
                "このリンクにはサンプル (p=…) とコード (c=…) の両方があります。どちらか一方だけにしてください。".into()
            }
            LinkError::DamagedCode => {
                "このリンクのコードが壊れているか途中で切れているため読めません。リンク全体をコピーしましたか?".into()
            }
            LinkError::CodeTooLarge => {
                format!("このリンクのコードは大きすぎます ({} KiB を超えています)。", MAX_CODE / 1024)
            }
            LinkError::NulInCode => {
                "このリンクのコードには NUL 文字が含まれています。Python のソースには含められません。".into()
            }
        }
}
