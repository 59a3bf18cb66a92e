/** fx.callbacks: Keras 3 callbacks (TensorFlow.js's fx.callbacks.earlyStopping factory too). */
import { EarlyStopping, type EarlyStoppingArgs } from './early-stopping.js';

export { Callback, CallbackList, LambdaCallback, type CustomCallbackArgs, type Logs } from './callback.js';
export { History } from './history.js';
export { ProgbarLogger, formatLogs } from './progbar.js';
export { EarlyStopping, TerminateOnNaN, type EarlyStoppingArgs } from './early-stopping.js';
export { CSVLogger, LearningRateScheduler, ReduceLROnPlateau, type ReduceLROnPlateauArgs } from './schedule.js';

/** TensorFlow.js's tf.callbacks.earlyStopping(args). */
export const earlyStopping = (args?: EarlyStoppingArgs): EarlyStopping => new EarlyStopping(args);
export { TensorBoard, EventFileWriter, encodeEvent, frameRecord, type TensorBoardArgs } from './tensorboard.js';
export { ModelCheckpoint, saveWeightsJson, loadWeightsJson, writeFileAtomic, formatFilepath, type ModelCheckpointArgs } from './checkpoint.js';
export { BackupAndRestore, type BackupAndRestoreArgs } from './backup.js';
